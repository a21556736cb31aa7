window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2121540293753660903"
          ],
          "editableUntil" : "2026-11-14T10:46:37.000Z",
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
            "name" : "Trish",
            "screen_name" : "RiveraP48",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "1294113687377971980",
            "id" : "1294113687377971980"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "86"
      ],
      "favorite_count" : "15",
      "id_str" : "2121540293753660903",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "2121540293753660903",
      "created_at" : "Sat Nov 14 09:46:37 +0000 2026",
      "favorited" : false,
      "full_text" : "@RiveraP48 Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2121464796282951262",
      "in_reply_to_user_id" : "1294113687377971980",
      "in_reply_to_status_id" : "2121464796282951262",
      "in_reply_to_screen_name" : "RiveraP48",
      "in_reply_to_user_id_str" : "1294113687377971980"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2117902674558803733"
          ],
          "editableUntil" : "2026-11-04T09:52:01.000Z",
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
            "name" : "Jessica King",
            "screen_name" : "JessicaOnSnow",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "1642475966",
            "id" : "1642475966"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "31",
      "id_str" : "2117902674558803733",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "2117902674558803733",
      "created_at" : "Wed Nov 04 08:52:01 +0000 2026",
      "favorited" : false,
      "full_text" : "@jessicaonsnow Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2117816104122789713",
      "in_reply_to_user_id" : "1642475966",
      "in_reply_to_status_id" : "2117816104122789713",
      "in_reply_to_screen_name" : "JessicaOnSnow",
      "in_reply_to_user_id_str" : "1642475966"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2113477998411282690"
          ],
          "editableUntil" : "2026-10-23T04:49:56.000Z",
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
            "name" : "Matthew 🥾 Bailey",
            "screen_name" : "MBailey_hikes",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "1883788208",
            "id" : "1883788208"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "22",
      "id_str" : "2113477998411282690",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "2113477998411282690",
      "created_at" : "Fri Oct 23 03:49:56 +0000 2026",
      "favorited" : false,
      "full_text" : "@MBailey_hikes Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2113346632809067167",
      "in_reply_to_user_id" : "1883788208",
      "in_reply_to_status_id" : "2113346632809067167",
      "in_reply_to_screen_name" : "MBailey_hikes",
      "in_reply_to_user_id_str" : "1883788208"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2106768420634595504"
          ],
          "editableUntil" : "2026-10-04T16:28:28.000Z",
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
            "name" : "Luis",
            "screen_name" : "LJackson_hikes",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "124166347",
            "id" : "124166347"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "59"
      ],
      "favorite_count" : "27",
      "id_str" : "2106768420634595504",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "2106768420634595504",
      "created_at" : "Sun Oct 04 15:28:28 +0000 2026",
      "favorited" : false,
      "full_text" : "@LJackson_hikes Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2106681598541491784",
      "in_reply_to_user_id" : "124166347",
      "in_reply_to_status_id" : "2106681598541491784",
      "in_reply_to_screen_name" : "LJackson_hikes",
      "in_reply_to_user_id_str" : "124166347"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2103651801104921717"
          ],
          "editableUntil" : "2026-09-26T02:04:08.000Z",
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
            "name" : "Alexander",
            "screen_name" : "alexanderanders",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "1287140661366275876",
            "id" : "1287140661366275876"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "92"
      ],
      "favorite_count" : "31",
      "id_str" : "2103651801104921717",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "2103651801104921717",
      "created_at" : "Sat Sep 26 01:04:08 +0000 2026",
      "favorited" : false,
      "full_text" : "@alexanderanders Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2103636953266196140",
      "in_reply_to_user_id" : "1287140661366275876",
      "in_reply_to_status_id" : "2103636953266196140",
      "in_reply_to_screen_name" : "alexanderanders",
      "in_reply_to_user_id_str" : "1287140661366275876"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2101804122112527720"
          ],
          "editableUntil" : "2026-09-20T23:42:07.000Z",
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
            "name" : "Nicole Brown",
            "screen_name" : "BrownN21",
            "indices" : [
              "44",
              "53"
            ],
            "id_str" : "1628942198165945479",
            "id" : "1628942198165945479"
          },
          {
            "name" : "Ana Taylor",
            "screen_name" : "trailAna49",
            "indices" : [
              "58",
              "69"
            ],
            "id_str" : "2225202324",
            "id" : "2225202324"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "72"
      ],
      "favorite_count" : "5",
      "id_str" : "2101804122112527720",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "2101804122112527720",
      "created_at" : "Sun Sep 20 22:42:07 +0000 2026",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @BrownN21 and @trailAna49! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2085065825057246735"
          ],
          "editableUntil" : "2026-08-05T19:10:06.000Z",
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
      "favorite_count" : "4",
      "id_str" : "2085065825057246735",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2085065825057246735",
      "created_at" : "Wed Aug 05 18:10:06 +0000 2026",
      "favorited" : false,
      "full_text" : "@jonathankowalsk Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2084951823873877846",
      "in_reply_to_user_id" : "1546053044",
      "in_reply_to_status_id" : "2084951823873877846",
      "in_reply_to_screen_name" : "jonathankowalsk",
      "in_reply_to_user_id_str" : "1546053044"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2076277231451729983"
          ],
          "editableUntil" : "2026-07-12T13:07:22.000Z",
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
            "name" : "benjaminontrail",
            "screen_name" : "BenjaminOnTrail",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "836853497",
            "id" : "836853497"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "92"
      ],
      "favorite_count" : "39",
      "id_str" : "2076277231451729983",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "2076277231451729983",
      "created_at" : "Sun Jul 12 12:07:22 +0000 2026",
      "favorited" : false,
      "full_text" : "@benjaminontrail Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2076140581028115951",
      "in_reply_to_user_id" : "836853497",
      "in_reply_to_status_id" : "2076140581028115951",
      "in_reply_to_screen_name" : "BenjaminOnTrail",
      "in_reply_to_user_id_str" : "836853497"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2072263257357573613"
          ],
          "editableUntil" : "2026-07-01T11:17:16.000Z",
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
            "name" : "Andrew",
            "screen_name" : "andrew_outdoors",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "2966737579",
            "id" : "2966737579"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "60"
      ],
      "favorite_count" : "10",
      "id_str" : "2072263257357573613",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "2072263257357573613",
      "created_at" : "Wed Jul 01 10:17:16 +0000 2026",
      "favorited" : false,
      "full_text" : "@andrew_outdoors Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2072187004909585301",
      "in_reply_to_user_id" : "2966737579",
      "in_reply_to_status_id" : "2072187004909585301",
      "in_reply_to_screen_name" : "andrew_outdoors",
      "in_reply_to_user_id_str" : "2966737579"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2071270310412621327"
          ],
          "editableUntil" : "2026-06-28T17:31:39.000Z",
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
            "name" : "Tyler",
            "screen_name" : "trailTyler62",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "2706761318",
            "id" : "2706761318"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "54"
      ],
      "favorite_count" : "12",
      "id_str" : "2071270310412621327",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "2071270310412621327",
      "created_at" : "Sun Jun 28 16:31:39 +0000 2026",
      "favorited" : false,
      "full_text" : "@trailTyler62 That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2071150017772408758",
      "in_reply_to_user_id" : "2706761318",
      "in_reply_to_status_id" : "2071150017772408758",
      "in_reply_to_screen_name" : "trailTyler62",
      "in_reply_to_user_id_str" : "2706761318"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2067285381873653063"
          ],
          "editableUntil" : "2026-06-17T17:36:58.000Z",
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
        "88"
      ],
      "favorite_count" : "5",
      "id_str" : "2067285381873653063",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "2067285381873653063",
      "created_at" : "Wed Jun 17 16:36:58 +0000 2026",
      "favorited" : false,
      "full_text" : "@RachelMoore Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2067266255845253412",
      "in_reply_to_user_id" : "1501097427640692610",
      "in_reply_to_status_id" : "2067266255845253412",
      "in_reply_to_screen_name" : "RachelMoore",
      "in_reply_to_user_id_str" : "1501097427640692610"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2061667640148178463"
          ],
          "editableUntil" : "2026-06-02T05:34:04.000Z",
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
            "name" : "mariaonsnow",
            "screen_name" : "MariaOnSnow",
            "indices" : [
              "44",
              "56"
            ],
            "id_str" : "1688038386",
            "id" : "1688038386"
          },
          {
            "name" : "Brian",
            "screen_name" : "BCox_hikes",
            "indices" : [
              "61",
              "72"
            ],
            "id_str" : "1409503860001099381",
            "id" : "1409503860001099381"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "75"
      ],
      "favorite_count" : "4",
      "id_str" : "2061667640148178463",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "2061667640148178463",
      "created_at" : "Tue Jun 02 04:34:04 +0000 2026",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @MariaOnSnow and @BCox_hikes! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2048919040554527391"
          ],
          "editableUntil" : "2026-04-28T01:15:41.000Z",
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
            "name" : "Samuel 🏔️ Brooks",
            "screen_name" : "SamuelOnPeaks",
            "indices" : [
              "0",
              "14"
            ],
            "id_str" : "377575225",
            "id" : "377575225"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "58"
      ],
      "favorite_count" : "11",
      "id_str" : "2048919040554527391",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "2048919040554527391",
      "created_at" : "Tue Apr 28 00:15:41 +0000 2026",
      "favorited" : false,
      "full_text" : "@SamuelOnPeaks Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2048871477149547026",
      "in_reply_to_user_id" : "377575225",
      "in_reply_to_status_id" : "2048871477149547026",
      "in_reply_to_screen_name" : "SamuelOnPeaks",
      "in_reply_to_user_id_str" : "377575225"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2016316161916880319"
          ],
          "editableUntil" : "2026-01-28T02:03:29.000Z",
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
            "name" : "Nicole Brown",
            "screen_name" : "BrownN21",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1628942198165945479",
            "id" : "1628942198165945479"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "86"
      ],
      "favorite_count" : "22",
      "id_str" : "2016316161916880319",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "2016316161916880319",
      "created_at" : "Wed Jan 28 01:03:29 +0000 2026",
      "favorited" : false,
      "full_text" : "@BrownN21 Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2016280929760230739",
      "in_reply_to_user_id" : "1628942198165945479",
      "in_reply_to_status_id" : "2016280929760230739",
      "in_reply_to_screen_name" : "BrownN21",
      "in_reply_to_user_id_str" : "1628942198165945479"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2015530510057205389"
          ],
          "editableUntil" : "2026-01-25T22:01:35.000Z",
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
        "88"
      ],
      "favorite_count" : "16",
      "id_str" : "2015530510057205389",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "2015530510057205389",
      "created_at" : "Sun Jan 25 21:01:35 +0000 2026",
      "favorited" : false,
      "full_text" : "@PriyaWright Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2015385051595031180",
      "in_reply_to_user_id" : "1129383044541875583",
      "in_reply_to_status_id" : "2015385051595031180",
      "in_reply_to_screen_name" : "PriyaWright",
      "in_reply_to_user_id_str" : "1129383044541875583"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "2012521356981930473"
          ],
          "editableUntil" : "2026-01-17T14:44:17.000Z",
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
            "name" : "Lisa",
            "screen_name" : "LAdams_hikes",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "852996381",
            "id" : "852996381"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "90"
      ],
      "favorite_count" : "36",
      "id_str" : "2012521356981930473",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "2012521356981930473",
      "created_at" : "Sat Jan 17 13:44:17 +0000 2026",
      "favorited" : false,
      "full_text" : "@LAdams_hikes Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "2012419435397044023",
      "in_reply_to_user_id" : "852996381",
      "in_reply_to_status_id" : "2012419435397044023",
      "in_reply_to_screen_name" : "LAdams_hikes",
      "in_reply_to_user_id_str" : "852996381"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1996924954999674175"
          ],
          "editableUntil" : "2025-12-05T13:49:45.000Z",
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
            "name" : "Andrew Johnson",
            "screen_name" : "andrew_outdoors",
            "indices" : [
              "44",
              "60"
            ],
            "id_str" : "2966737579",
            "id" : "2966737579"
          },
          {
            "name" : "Mark Torres",
            "screen_name" : "TorresM8",
            "indices" : [
              "65",
              "74"
            ],
            "id_str" : "1203617681637786727",
            "id" : "1203617681637786727"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "77"
      ],
      "favorite_count" : "21",
      "id_str" : "1996924954999674175",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1996924954999674175",
      "created_at" : "Fri Dec 05 12:49:45 +0000 2025",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @andrew_outdoors and @TorresM8! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1996784101880828554"
          ],
          "editableUntil" : "2025-12-05T04:30:03.000Z",
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
        "54"
      ],
      "favorite_count" : "25",
      "id_str" : "1996784101880828554",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1996784101880828554",
      "created_at" : "Fri Dec 05 03:30:03 +0000 2025",
      "favorited" : false,
      "full_text" : "@anasanchez29 That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1996738300084458890",
      "in_reply_to_user_id" : "513435839",
      "in_reply_to_status_id" : "1996738300084458890",
      "in_reply_to_screen_name" : "anasanchez29",
      "in_reply_to_user_id_str" : "513435839"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1996178092062177560"
          ],
          "editableUntil" : "2025-12-03T12:21:59.000Z",
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
            "name" : "Linda 🏔️ Hill",
            "screen_name" : "linda_outdoors",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1722736741508536198",
            "id" : "1722736741508536198"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "56"
      ],
      "favorite_count" : "7",
      "id_str" : "1996178092062177560",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1996178092062177560",
      "created_at" : "Wed Dec 03 11:21:59 +0000 2025",
      "favorited" : false,
      "full_text" : "@linda_outdoors That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1996058806058384117",
      "in_reply_to_user_id" : "1722736741508536198",
      "in_reply_to_status_id" : "1996058806058384117",
      "in_reply_to_screen_name" : "linda_outdoors",
      "in_reply_to_user_id_str" : "1722736741508536198"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1988260118525873100"
          ],
          "editableUntil" : "2025-11-11T15:58:47.000Z",
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
            "name" : "Wei Delgado",
            "screen_name" : "DelgadoW89",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1609048203852577233",
            "id" : "1609048203852577233"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "40"
      ],
      "favorite_count" : "5",
      "id_str" : "1988260118525873100",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1988260118525873100",
      "created_at" : "Tue Nov 11 14:58:47 +0000 2025",
      "favorited" : false,
      "full_text" : "@DelgadoW89 We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1988189402563450482",
      "in_reply_to_user_id" : "1609048203852577233",
      "in_reply_to_status_id" : "1988189402563450482",
      "in_reply_to_screen_name" : "DelgadoW89",
      "in_reply_to_user_id_str" : "1609048203852577233"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1980188578937553975"
          ],
          "editableUntil" : "2025-10-20T09:25:22.000Z",
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
            "name" : "Brian Cox",
            "screen_name" : "BCox_hikes",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "1409503860001099381",
            "id" : "1409503860001099381"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "87"
      ],
      "favorite_count" : "9",
      "id_str" : "1980188578937553975",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1980188578937553975",
      "created_at" : "Mon Oct 20 08:25:22 +0000 2025",
      "favorited" : false,
      "full_text" : "@bcox_hikes Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1980151585175433207",
      "in_reply_to_user_id" : "1409503860001099381",
      "in_reply_to_status_id" : "1980151585175433207",
      "in_reply_to_screen_name" : "BCox_hikes",
      "in_reply_to_user_id_str" : "1409503860001099381"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1978241700460704417"
          ],
          "editableUntil" : "2025-10-15T00:29:10.000Z",
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
            "name" : "Robert",
            "screen_name" : "RCampbell_hikes",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "1376313202035188289",
            "id" : "1376313202035188289"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "60"
      ],
      "favorite_count" : "25",
      "id_str" : "1978241700460704417",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1978241700460704417",
      "created_at" : "Tue Oct 14 23:29:10 +0000 2025",
      "favorited" : false,
      "full_text" : "@rcampbell_hikes Thanks for the shout-out! Enjoy the trail 🥾",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1978142547114707833",
      "in_reply_to_user_id" : "1376313202035188289",
      "in_reply_to_status_id" : "1978142547114707833",
      "in_reply_to_screen_name" : "RCampbell_hikes",
      "in_reply_to_user_id_str" : "1376313202035188289"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1975126515381338101"
          ],
          "editableUntil" : "2025-10-06T10:10:32.000Z",
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
            "name" : "Nicole Brown",
            "screen_name" : "BrownN21",
            "indices" : [
              "0",
              "9"
            ],
            "id_str" : "1628942198165945479",
            "id" : "1628942198165945479"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "38"
      ],
      "favorite_count" : "14",
      "id_str" : "1975126515381338101",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1975126515381338101",
      "created_at" : "Mon Oct 06 09:10:32 +0000 2025",
      "favorited" : false,
      "full_text" : "@BrownN21 We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1975096316396147730",
      "in_reply_to_user_id" : "1628942198165945479",
      "in_reply_to_status_id" : "1975096316396147730",
      "in_reply_to_screen_name" : "BrownN21",
      "in_reply_to_user_id_str" : "1628942198165945479"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1972164615338774222"
          ],
          "editableUntil" : "2025-09-28T06:01:00.000Z",
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
            "name" : "Timothy",
            "screen_name" : "WardT52",
            "indices" : [
              "0",
              "8"
            ],
            "id_str" : "1696357042182257708",
            "id" : "1696357042182257708"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "84"
      ],
      "favorite_count" : "21",
      "id_str" : "1972164615338774222",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1972164615338774222",
      "created_at" : "Sun Sep 28 05:01:00 +0000 2025",
      "favorited" : false,
      "full_text" : "@WardT52 Sorry to hear that! Please DM us your order number and we'll make it right.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1972060932143948570",
      "in_reply_to_user_id" : "1696357042182257708",
      "in_reply_to_status_id" : "1972060932143948570",
      "in_reply_to_screen_name" : "WardT52",
      "in_reply_to_user_id_str" : "1696357042182257708"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1969535264883438461"
          ],
          "editableUntil" : "2025-09-20T23:52:54.000Z",
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
            "name" : "renee_outdoors",
            "screen_name" : "renee_outdoors",
            "indices" : [
              "0",
              "15"
            ],
            "id_str" : "1453691126392118653",
            "id" : "1453691126392118653"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "44"
      ],
      "favorite_count" : "2",
      "id_str" : "1969535264883438461",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1969535264883438461",
      "created_at" : "Sat Sep 20 22:52:54 +0000 2025",
      "favorited" : false,
      "full_text" : "@renee_outdoors We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1969399117773877481",
      "in_reply_to_user_id" : "1453691126392118653",
      "in_reply_to_status_id" : "1969399117773877481",
      "in_reply_to_screen_name" : "renee_outdoors",
      "in_reply_to_user_id_str" : "1453691126392118653"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1943762126632916700"
          ],
          "editableUntil" : "2025-07-11T20:59:39.000Z",
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
            "name" : "Luis J.",
            "screen_name" : "LJackson_hikes",
            "indices" : [
              "44",
              "59"
            ],
            "id_str" : "124166347",
            "id" : "124166347"
          },
          {
            "name" : "Matthew",
            "screen_name" : "MBailey_hikes",
            "indices" : [
              "64",
              "78"
            ],
            "id_str" : "1883788208",
            "id" : "1883788208"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "81"
      ],
      "favorite_count" : "19",
      "id_str" : "1943762126632916700",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1943762126632916700",
      "created_at" : "Fri Jul 11 19:59:39 +0000 2025",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @LJackson_hikes and @MBailey_hikes! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1943516977954304493"
          ],
          "editableUntil" : "2025-07-11T04:45:31.000Z",
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
            "name" : "benjaminontrail",
            "screen_name" : "BenjaminOnTrail",
            "indices" : [
              "0",
              "16"
            ],
            "id_str" : "836853497",
            "id" : "836853497"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "45"
      ],
      "favorite_count" : "35",
      "id_str" : "1943516977954304493",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1943516977954304493",
      "created_at" : "Fri Jul 11 03:45:31 +0000 2025",
      "favorited" : false,
      "full_text" : "@BenjaminOnTrail We're on it. Check your DMs!",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1943438712240955011",
      "in_reply_to_user_id" : "836853497",
      "in_reply_to_status_id" : "1943438712240955011",
      "in_reply_to_screen_name" : "BenjaminOnTrail",
      "in_reply_to_user_id_str" : "836853497"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1942136049499781467"
          ],
          "editableUntil" : "2025-07-07T09:18:12.000Z",
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
            "name" : "Ana S.",
            "screen_name" : "anasanchez29",
            "indices" : [
              "44",
              "57"
            ],
            "id_str" : "513435839",
            "id" : "513435839"
          },
          {
            "name" : "Wei",
            "screen_name" : "WeiOnSnow",
            "indices" : [
              "62",
              "72"
            ],
            "id_str" : "1276151894",
            "id" : "1276151894"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "75"
      ],
      "favorite_count" : "22",
      "id_str" : "1942136049499781467",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1942136049499781467",
      "created_at" : "Mon Jul 07 08:18:12 +0000 2025",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @anasanchez29 and @WeiOnSnow! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1941240771115274924"
          ],
          "editableUntil" : "2025-07-04T22:00:41.000Z",
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
            "name" : "mhill_hikes",
            "screen_name" : "MHill_hikes",
            "indices" : [
              "0",
              "12"
            ],
            "id_str" : "1242165785",
            "id" : "1242165785"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "89"
      ],
      "favorite_count" : "11",
      "id_str" : "1941240771115274924",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1941240771115274924",
      "created_at" : "Fri Jul 04 21:00:41 +0000 2025",
      "favorited" : false,
      "full_text" : "@mhill_hikes Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1941231711419869483",
      "in_reply_to_user_id" : "1242165785",
      "in_reply_to_status_id" : "1941231711419869483",
      "in_reply_to_screen_name" : "MHill_hikes",
      "in_reply_to_user_id_str" : "1242165785"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1938387948142164176"
          ],
          "editableUntil" : "2025-06-27T01:04:35.000Z",
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
              "44",
              "56"
            ],
            "id_str" : "1501097427640692610",
            "id" : "1501097427640692610"
          },
          {
            "name" : "benjaminontrail",
            "screen_name" : "BenjaminOnTrail",
            "indices" : [
              "61",
              "77"
            ],
            "id_str" : "836853497",
            "id" : "836853497"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "80"
      ],
      "favorite_count" : "24",
      "id_str" : "1938387948142164176",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "1938387948142164176",
      "created_at" : "Fri Jun 27 00:04:35 +0000 2025",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @RachelMoore and @BenjaminOnTrail! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1928954748730538391"
          ],
          "editableUntil" : "2025-06-01T00:20:25.000Z",
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
            "name" : "Wei D.",
            "screen_name" : "WeiOnSnow",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "1276151894",
            "id" : "1276151894"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "87"
      ],
      "favorite_count" : "10",
      "id_str" : "1928954748730538391",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1928954748730538391",
      "created_at" : "Sat May 31 23:20:25 +0000 2025",
      "favorited" : false,
      "full_text" : "@WeiOnSnow Great question: the Ridgeline 2P fits two people plus gear, snug but doable.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1928867423320157683",
      "in_reply_to_user_id" : "1276151894",
      "in_reply_to_status_id" : "1928867423320157683",
      "in_reply_to_screen_name" : "WeiOnSnow",
      "in_reply_to_user_id_str" : "1276151894"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1922295896865932126"
          ],
          "editableUntil" : "2025-05-13T15:20:31.000Z",
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
            "name" : "Maria G.",
            "screen_name" : "maria_outdoors",
            "indices" : [
              "44",
              "59"
            ],
            "id_str" : "1223803143048118635",
            "id" : "1223803143048118635"
          },
          {
            "name" : "Robert Campbell",
            "screen_name" : "RCampbell_hikes",
            "indices" : [
              "64",
              "80"
            ],
            "id_str" : "1376313202035188289",
            "id" : "1376313202035188289"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "83"
      ],
      "favorite_count" : "39",
      "id_str" : "1922295896865932126",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1922295896865932126",
      "created_at" : "Tue May 13 14:20:31 +0000 2025",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @maria_outdoors and @RCampbell_hikes! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1913502458839478138"
          ],
          "editableUntil" : "2025-04-19T08:58:32.000Z",
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
            "name" : "Jon",
            "screen_name" : "jonathankowalsk",
            "indices" : [
              "44",
              "60"
            ],
            "id_str" : "1546053044",
            "id" : "1546053044"
          },
          {
            "name" : "Jessica King",
            "screen_name" : "JessicaOnSnow",
            "indices" : [
              "65",
              "79"
            ],
            "id_str" : "1642475966",
            "id" : "1642475966"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "82"
      ],
      "favorite_count" : "37",
      "id_str" : "1913502458839478138",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1913502458839478138",
      "created_at" : "Sat Apr 19 07:58:32 +0000 2025",
      "favorited" : false,
      "full_text" : "Congrats to our trail photo contest winners @jonathankowalsk and @JessicaOnSnow! 📸",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1903806092018076392"
          ],
          "editableUntil" : "2025-03-23T14:48:38.000Z",
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
            "name" : "Lisa ⛺ Price",
            "screen_name" : "LisaOnSnow",
            "indices" : [
              "0",
              "11"
            ],
            "id_str" : "2203247359",
            "id" : "2203247359"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "52"
      ],
      "favorite_count" : "0",
      "id_str" : "1903806092018076392",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1903806092018076392",
      "created_at" : "Sun Mar 23 13:48:38 +0000 2025",
      "favorited" : false,
      "full_text" : "@LisaOnSnow That view though! Thanks for tagging us.",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1903753998760012570",
      "in_reply_to_user_id" : "2203247359",
      "in_reply_to_status_id" : "1903753998760012570",
      "in_reply_to_screen_name" : "LisaOnSnow",
      "in_reply_to_user_id_str" : "2203247359"
    }
  }
]
