window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1895224155964244912"
          ],
          "editableUntil" : "2025-02-27T22:27:05.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sofia C.",
            "screen_name" : "SChen_hikes",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1477750325915721967",
            "id" : "1477750325915721967"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "53"
      ],
      "favorite_count" : "37",
      "id_str" : "1895224155964244912",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1895224155964244912",
      "created_at" : "Thu Feb 27 21:27:05 +0000 2025",
      "favorited" : false,
      "full_text" : "@SChen_hikes That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1895076432576219788",
      "in_reply_to_user_id" : "1477750325915721967",
      "in_reply_to_status_id" : "1895076432576219788",
      "in_reply_to_screen_name" : "SChen_hikes",
      "in_reply_to_user_id_str" : "1477750325915721967"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1892410012860477446"
          ],
          "editableUntil" : "2025-02-20T04:04:41.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Mark",
            "screen_name" : "TorresM8",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1203617681637786727",
            "id" : "1203617681637786727"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "86"
      ],
      "favorite_count" : "5",
      "id_str" : "1892410012860477446",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1892410012860477446",
      "created_at" : "Thu Feb 20 03:04:41 +0000 2025",
      "favorited" : false,
      "full_text" : "@TorresM8 Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1892312117805735575",
      "in_reply_to_user_id" : "1203617681637786727",
      "in_reply_to_status_id" : "1892312117805735575",
      "in_reply_to_screen_name" : "TorresM8",
      "in_reply_to_user_id_str" : "1203617681637786727"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1890515194084016048"
          ],
          "editableUntil" : "2025-02-14T22:35:21.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Ana Taylor",
            "screen_name" : "trailAna49",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "2225202324",
            "id" : "2225202324"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "40"
      ],
      "favorite_count" : "24",
      "id_str" : "1890515194084016048",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1890515194084016048",
      "created_at" : "Fri Feb 14 21:35:21 +0000 2025",
      "favorited" : false,
      "full_text" : "@trailana49 We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1890376027078025534",
      "in_reply_to_user_id" : "2225202324",
      "in_reply_to_status_id" : "1890376027078025534",
      "in_reply_to_screen_name" : "trailAna49",
      "in_reply_to_user_id_str" : "2225202324"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1857775572745225832"
          ],
          "editableUntil" : "2024-11-16T14:19:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sofia C.",
            "screen_name" : "SChen_hikes",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1477750325915721967",
            "id" : "1477750325915721967"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "41"
      ],
      "favorite_count" : "5",
      "id_str" : "1857775572745225832",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1857775572745225832",
      "created_at" : "Sat Nov 16 13:19:47 +0000 2024",
      "favorited" : false,
      "full_text" : "@SChen_hikes We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1857733545819715755",
      "in_reply_to_user_id" : "1477750325915721967",
      "in_reply_to_status_id" : "1857733545819715755",
      "in_reply_to_screen_name" : "SChen_hikes",
      "in_reply_to_user_id_str" : "1477750325915721967"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1835539621084945372"
          ],
          "editableUntil" : "2024-09-16T05:42:03.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Jon 🏔️ Kowalski",
            "screen_name" : "jonathankowalsk",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "1546053044",
            "id" : "1546053044"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "93"
      ],
      "favorite_count" : "34",
      "id_str" : "1835539621084945372",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1835539621084945372",
      "created_at" : "Mon Sep 16 04:42:03 +0000 2024",
      "favorited" : false,
      "full_text" : "@jonathankowalsk Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1835478719790991858",
      "in_reply_to_user_id" : "1546053044",
      "in_reply_to_status_id" : "1835478719790991858",
      "in_reply_to_screen_name" : "jonathankowalsk",
      "in_reply_to_user_id_str" : "1546053044"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1826493161668219951"
          ],
          "editableUntil" : "2024-08-22T06:34:39.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Tim S.",
            "screen_name" : "TSanchez_hikes",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "2294761490",
            "id" : "2294761490"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "91"
      ],
      "favorite_count" : "4",
      "id_str" : "1826493161668219951",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1826493161668219951",
      "created_at" : "Thu Aug 22 05:34:39 +0000 2024",
      "favorited" : false,
      "full_text" : "@TSanchez_hikes Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1826353743001889138",
      "in_reply_to_user_id" : "2294761490",
      "in_reply_to_status_id" : "1826353743001889138",
      "in_reply_to_screen_name" : "TSanchez_hikes",
      "in_reply_to_user_id_str" : "2294761490"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1823614359175514991"
          ],
          "editableUntil" : "2024-08-14T07:55:19.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Rachel Moore",
            "screen_name" : "RachelMoore",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1501097427640692610",
            "id" : "1501097427640692610"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "53"
      ],
      "favorite_count" : "14",
      "id_str" : "1823614359175514991",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1823614359175514991",
      "created_at" : "Wed Aug 14 06:55:19 +0000 2024",
      "favorited" : false,
      "full_text" : "@rachelmoore That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1823520490651095828",
      "in_reply_to_user_id" : "1501097427640692610",
      "in_reply_to_status_id" : "1823520490651095828",
      "in_reply_to_screen_name" : "RachelMoore",
      "in_reply_to_user_id_str" : "1501097427640692610"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1822663254606342703"
          ],
          "editableUntil" : "2024-08-11T16:55:58.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Ana Sanchez",
            "screen_name" : "anasanchez29",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "513435839",
            "id" : "513435839"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "42"
      ],
      "favorite_count" : "2",
      "id_str" : "1822663254606342703",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1822663254606342703",
      "created_at" : "Sun Aug 11 15:55:58 +0000 2024",
      "favorited" : false,
      "full_text" : "@anasanchez29 We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1822610658034559577",
      "in_reply_to_user_id" : "513435839",
      "in_reply_to_status_id" : "1822610658034559577",
      "in_reply_to_screen_name" : "anasanchez29",
      "in_reply_to_user_id_str" : "513435839"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1807852307349414604"
          ],
          "editableUntil" : "2024-07-01T20:02:33.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Joshua T.",
            "screen_name" : "trailJoshua70",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "3136781902",
            "id" : "3136781902"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "58"
      ],
      "favorite_count" : "16",
      "id_str" : "1807852307349414604",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1807852307349414604",
      "created_at" : "Mon Jul 01 19:02:33 +0000 2024",
      "favorited" : false,
      "full_text" : "@trailjoshua70 Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1807715405267818598",
      "in_reply_to_user_id" : "3136781902",
      "in_reply_to_status_id" : "1807715405267818598",
      "in_reply_to_screen_name" : "trailJoshua70",
      "in_reply_to_user_id_str" : "3136781902"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800958918392823191"
          ],
          "editableUntil" : "2024-06-12T19:30:41.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Priya Wright",
            "screen_name" : "PriyaWright",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1129383044541875583",
            "id" : "1129383044541875583"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "56"
      ],
      "favorite_count" : "31",
      "id_str" : "1800958918392823191",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1800958918392823191",
      "created_at" : "Wed Jun 12 18:30:41 +0000 2024",
      "favorited" : false,
      "full_text" : "@PriyaWright Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1800815976511159625",
      "in_reply_to_user_id" : "1129383044541875583",
      "in_reply_to_status_id" : "1800815976511159625",
      "in_reply_to_screen_name" : "PriyaWright",
      "in_reply_to_user_id_str" : "1129383044541875583"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1796033148746253638"
          ],
          "editableUntil" : "2024-05-30T05:17:26.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Maria Garcia",
            "screen_name" : "maria_outdoors",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1223803143048118635",
            "id" : "1223803143048118635"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "44"
      ],
      "favorite_count" : "7",
      "id_str" : "1796033148746253638",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1796033148746253638",
      "created_at" : "Thu May 30 04:17:26 +0000 2024",
      "favorited" : false,
      "full_text" : "@maria_outdoors We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1795929465550903856",
      "in_reply_to_user_id" : "1223803143048118635",
      "in_reply_to_status_id" : "1795929465550903856",
      "in_reply_to_screen_name" : "maria_outdoors",
      "in_reply_to_user_id_str" : "1223803143048118635"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1792141832877301777"
          ],
          "editableUntil" : "2024-05-19T11:34:44.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Robert 🏔️ Lopez",
            "screen_name" : "RobertOnPeaks",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "1825434311680270068",
            "id" : "1825434311680270068"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "58"
      ],
      "favorite_count" : "6",
      "id_str" : "1792141832877301777",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1792141832877301777",
      "created_at" : "Sun May 19 10:34:44 +0000 2024",
      "favorited" : false,
      "full_text" : "@robertonpeaks Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1792028586670967861",
      "in_reply_to_user_id" : "1825434311680270068",
      "in_reply_to_status_id" : "1792028586670967861",
      "in_reply_to_screen_name" : "RobertOnPeaks",
      "in_reply_to_user_id_str" : "1825434311680270068"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1753220633721910393"
          ],
          "editableUntil" : "2024-02-02T01:55:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Siobhán",
            "screen_name" : "SiobhanOConnor",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1783705927933240357",
            "id" : "1783705927933240357"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "59"
      ],
      "favorite_count" : "15",
      "id_str" : "1753220633721910393",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1753220633721910393",
      "created_at" : "Fri Feb 02 00:55:47 +0000 2024",
      "favorited" : false,
      "full_text" : "@SiobhanOConnor Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1753213838950378003",
      "in_reply_to_user_id" : "1783705927933240357",
      "in_reply_to_status_id" : "1753213838950378003",
      "in_reply_to_screen_name" : "SiobhanOConnor",
      "in_reply_to_user_id_str" : "1783705927933240357"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1720987994683753303"
          ],
          "editableUntil" : "2023-11-05T03:14:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Kevin Chen",
            "screen_name" : "kevinchen76",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1552126521137981598",
            "id" : "1552126521137981598"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "41"
      ],
      "favorite_count" : "34",
      "id_str" : "1720987994683753303",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1720987994683753303",
      "created_at" : "Sun Nov 05 02:14:47 +0000 2023",
      "favorited" : false,
      "full_text" : "@kevinchen76 We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1720886576415132050",
      "in_reply_to_user_id" : "1552126521137981598",
      "in_reply_to_status_id" : "1720886576415132050",
      "in_reply_to_screen_name" : "kevinchen76",
      "in_reply_to_user_id_str" : "1552126521137981598"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1708079013296138863"
          ],
          "editableUntil" : "2023-09-30T12:19:06.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Maria Garcia",
            "screen_name" : "MariaOnSnow",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1688038386",
            "id" : "1688038386"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "56"
      ],
      "favorite_count" : "4",
      "id_str" : "1708079013296138863",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1708079013296138863",
      "created_at" : "Sat Sep 30 11:19:06 +0000 2023",
      "favorited" : false,
      "full_text" : "@MariaOnSnow Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1707992946177343021",
      "in_reply_to_user_id" : "1688038386",
      "in_reply_to_status_id" : "1707992946177343021",
      "in_reply_to_screen_name" : "MariaOnSnow",
      "in_reply_to_user_id_str" : "1688038386"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1706879056476754596"
          ],
          "editableUntil" : "2023-09-27T04:50:54.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Sofia",
            "screen_name" : "SofiaRoberts",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "2083297515",
            "id" : "2083297515"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "42"
      ],
      "favorite_count" : "5",
      "id_str" : "1706879056476754596",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1706879056476754596",
      "created_at" : "Wed Sep 27 03:50:54 +0000 2023",
      "favorited" : false,
      "full_text" : "@SofiaRoberts We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1706755492281227562",
      "in_reply_to_user_id" : "2083297515",
      "in_reply_to_status_id" : "1706755492281227562",
      "in_reply_to_screen_name" : "SofiaRoberts",
      "in_reply_to_user_id_str" : "2083297515"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1690048602177825235"
          ],
          "editableUntil" : "2023-08-11T18:12:41.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Kevin Chen",
            "screen_name" : "kevinchen76",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1552126521137981598",
            "id" : "1552126521137981598"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "89"
      ],
      "favorite_count" : "20",
      "id_str" : "1690048602177825235",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1690048602177825235",
      "created_at" : "Fri Aug 11 17:12:41 +0000 2023",
      "favorited" : false,
      "full_text" : "@kevinchen76 Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1689939634157964853",
      "in_reply_to_user_id" : "1552126521137981598",
      "in_reply_to_status_id" : "1689939634157964853",
      "in_reply_to_screen_name" : "kevinchen76",
      "in_reply_to_user_id_str" : "1552126521137981598"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1643192463524813960"
          ],
          "editableUntil" : "2023-04-04T11:03:07.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Matthew V.",
            "screen_name" : "MVanDyke_hikes",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "2108963320",
            "id" : "2108963320"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "56"
      ],
      "favorite_count" : "35",
      "id_str" : "1643192463524813960",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1643192463524813960",
      "created_at" : "Tue Apr 04 10:03:07 +0000 2023",
      "favorited" : false,
      "full_text" : "@MVanDyke_hikes That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1643138356999946644",
      "in_reply_to_user_id" : "2108963320",
      "in_reply_to_status_id" : "1643138356999946644",
      "in_reply_to_screen_name" : "MVanDyke_hikes",
      "in_reply_to_user_id_str" : "2108963320"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1634498082374163476"
          ],
          "editableUntil" : "2023-03-11T11:14:45.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Nicole Clark",
            "screen_name" : "NClark_hikes",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1499461547718453841",
            "id" : "1499461547718453841"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "57"
      ],
      "favorite_count" : "7",
      "id_str" : "1634498082374163476",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1634498082374163476",
      "created_at" : "Sat Mar 11 10:14:45 +0000 2023",
      "favorited" : false,
      "full_text" : "@NClark_hikes Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1634492545892298845",
      "in_reply_to_user_id" : "1499461547718453841",
      "in_reply_to_status_id" : "1634492545892298845",
      "in_reply_to_screen_name" : "NClark_hikes",
      "in_reply_to_user_id_str" : "1499461547718453841"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1611864133203349962"
          ],
          "editableUntil" : "2023-01-08T00:15:31.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Robert Lopez",
            "screen_name" : "RobertOnPeaks",
            "indices" : [
              "44",
              "58"
            ],
            "id_str" : "1825434311680270068",
            "id" : "1825434311680270068"
          },
          {
            "name" : "nclark_hikes",
            "screen_name" : "NClark_hikes",
            "indices" : [
              "63",
              "76"
            ],
            "id_str" : "1499461547718453841",
            "id" : "1499461547718453841"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "79"
      ],
      "favorite_count" : "30",
      "id_str" : "1611864133203349962",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1611864133203349962",
      "created_at" : "Sat Jan 07 23:15:31 +0000 2023",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @RobertOnPeaks and @NClark_hikes! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1591266543794336990"
          ],
          "editableUntil" : "2022-11-12T04:08:03.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Maria Garcia",
            "screen_name" : "maria_outdoors",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1223803143048118635",
            "id" : "1223803143048118635"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "44"
      ],
      "favorite_count" : "14",
      "id_str" : "1591266543794336990",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1591266543794336990",
      "created_at" : "Sat Nov 12 03:08:03 +0000 2022",
      "favorited" : false,
      "full_text" : "@maria_outdoors We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1591201364309509556",
      "in_reply_to_user_id" : "1223803143048118635",
      "in_reply_to_status_id" : "1591201364309509556",
      "in_reply_to_screen_name" : "maria_outdoors",
      "in_reply_to_user_id_str" : "1223803143048118635"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1478395797306055980"
          ],
          "editableUntil" : "2022-01-04T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "0",
      "id_str" : "1478395797306055980",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1478395797306055980",
      "created_at" : "Tue Jan 04 16:00:00 +0000 2022",
      "favorited" : false,
      "full_text" : "New trail runners just landed in Boulder and Portland.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1442157010745440242"
          ],
          "editableUntil" : "2021-09-26T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "14",
      "id_str" : "1442157010745440242",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1442157010745440242",
      "created_at" : "Sun Sep 26 16:00:00 +0000 2021",
      "favorited" : false,
      "full_text" : "Headed out this weekend? Check avalanche conditions before you go.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1412078817900423614"
          ],
          "editableUntil" : "2021-07-05T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "14",
      "id_str" : "1412078817900423614",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1412078817900423614",
      "created_at" : "Mon Jul 05 16:00:00 +0000 2021",
      "favorited" : false,
      "full_text" : "Headed out this weekend? Check avalanche conditions before you go.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1389699504929509248"
          ],
          "editableUntil" : "2021-05-04T22:52:36.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Matthew V.",
            "screen_name" : "MVanDyke_hikes",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "2108963320",
            "id" : "2108963320"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "92"
      ],
      "favorite_count" : "38",
      "id_str" : "1389699504929509248",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1389699504929509248",
      "created_at" : "Tue May 04 21:52:36 +0000 2021",
      "favorited" : false,
      "full_text" : "@mvandyke_hikes Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1389563106165029251",
      "in_reply_to_user_id" : "2108963320",
      "in_reply_to_status_id" : "1389563106165029251",
      "in_reply_to_screen_name" : "MVanDyke_hikes",
      "in_reply_to_user_id_str" : "2108963320"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1374752867742883452"
          ],
          "editableUntil" : "2021-03-24T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "39",
      "id_str" : "1374752867742883452",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1374752867742883452",
      "created_at" : "Wed Mar 24 16:00:00 +0000 2021",
      "favorited" : false,
      "full_text" : "Headed out this weekend? Check avalanche conditions before you go.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1338151693320789667"
          ],
          "editableUntil" : "2020-12-13T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "64"
      ],
      "favorite_count" : "8",
      "id_str" : "1338151693320789667",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1338151693320789667",
      "created_at" : "Sun Dec 13 16:00:00 +0000 2020",
      "favorited" : false,
      "full_text" : "Our winter sale starts Friday: 20% off all insulated jackets. ❄️",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1296114700910185919"
          ],
          "editableUntil" : "2020-08-19T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "73"
      ],
      "favorite_count" : "9",
      "id_str" : "1296114700910185919",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1296114700910185919",
      "created_at" : "Wed Aug 19 16:00:00 +0000 2020",
      "favorited" : false,
      "full_text" : "Repair café this Saturday at the Denver LoDo store: bring your torn gear!",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1269297998854412353"
          ],
          "editableUntil" : "2020-06-06T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "33",
      "id_str" : "1269297998854412353",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1269297998854412353",
      "created_at" : "Sat Jun 06 16:00:00 +0000 2020",
      "favorited" : false,
      "full_text" : "Headed out this weekend? Check avalanche conditions before you go.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1235233539487844801"
          ],
          "editableUntil" : "2020-03-04T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "73"
      ],
      "favorite_count" : "18",
      "id_str" : "1235233539487844801",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1235233539487844801",
      "created_at" : "Wed Mar 04 16:00:00 +0000 2020",
      "favorited" : false,
      "full_text" : "Repair café this Saturday at the Denver LoDo store: bring your torn gear!",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1192834159214955741"
          ],
          "editableUntil" : "2019-11-08T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "39",
      "id_str" : "1192834159214955741",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1192834159214955741",
      "created_at" : "Fri Nov 08 16:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "New trail runners just landed in Boulder and Portland.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1165655069292254823"
          ],
          "editableUntil" : "2019-08-25T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "2",
      "id_str" : "1165655069292254823",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1165655069292254823",
      "created_at" : "Sun Aug 25 16:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "New trail runners just landed in Boulder and Portland.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1123980464749149034"
          ],
          "editableUntil" : "2019-05-02T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "64"
      ],
      "favorite_count" : "30",
      "id_str" : "1123980464749149034",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1123980464749149034",
      "created_at" : "Thu May 02 16:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "Our winter sale starts Friday: 20% off all insulated jackets. ❄️",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1091727944711758140"
          ],
          "editableUntil" : "2019-02-02T17:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "9",
      "id_str" : "1091727944711758140",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1091727944711758140",
      "created_at" : "Sat Feb 02 16:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "Headed out this weekend? Check avalanche conditions before you go.",
      "lang" : "en"
    }
  }
]
