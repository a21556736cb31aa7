"""Customer understanding: traits and CX measures computed from the unified timeline."""
