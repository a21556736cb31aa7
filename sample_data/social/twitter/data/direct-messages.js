window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1203617681637786727",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "1203617681637786727",
            "id" : "1922419344655565332",
            "createdAt" : "2025-05-13T22:31:03.247Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1203617681637786727",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Could you share the email on your order?",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1922370522403312272",
            "createdAt" : "2025-05-13T19:17:03.115Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Do you price match? Saw the Trailhead 40L cheaper elsewhere.",
            "mediaUrls" : [ ],
            "senderId" : "1203617681637786727",
            "id" : "1922306600728011724",
            "createdAt" : "2025-05-13T15:03:03.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1223803143048118635",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Is the Boulder store open on Thanksgiving weekend?",
            "mediaUrls" : [ ],
            "senderId" : "1223803143048118635",
            "id" : "2013493988504306439",
            "createdAt" : "2026-01-20T06:09:10.425Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1223803143048118635",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Could you share the email on your order?",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2013489709296052495",
            "createdAt" : "2026-01-20T05:52:10.182Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "1223803143048118635",
            "id" : "2013424276222161451",
            "createdAt" : "2026-01-20T01:32:09.722Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1223803143048118635",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Could you share the email on your order?",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2013360602641562900",
            "createdAt" : "2026-01-19T21:19:08.757Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Do you price match? Saw the Trailhead 40L cheaper elsewhere.",
            "mediaUrls" : [ ],
            "senderId" : "1223803143048118635",
            "id" : "2013355314641297796",
            "createdAt" : "2026-01-19T20:58:08.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1294113687377971980",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1294113687377971980",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2120100631661220950",
            "createdAt" : "2026-11-10T10:25:54.809Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Do you price match? Saw the Trailhead 40L cheaper elsewhere.",
            "mediaUrls" : [ ],
            "senderId" : "1294113687377971980",
            "id" : "2120094588466190132",
            "createdAt" : "2026-11-10T10:01:54.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1453691126392118653",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1453691126392118653",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1471238574867659805",
            "createdAt" : "2021-12-15T21:59:45.196Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Is the Boulder store open on Thanksgiving weekend?",
            "mediaUrls" : [ ],
            "senderId" : "1453691126392118653",
            "id" : "1471188997521850215",
            "createdAt" : "2021-12-15T18:42:45.036Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1453691126392118653",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Could you share the email on your order?",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1471114758086259077",
            "createdAt" : "2021-12-15T13:47:44.975Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "1453691126392118653",
            "id" : "1471097137919387186",
            "createdAt" : "2021-12-15T12:37:44.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1546053044",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1099 hasn't shipped yet, can you check? Email on the order is jonathan.kowalski@gmail.com",
            "mediaUrls" : [ ],
            "senderId" : "1546053044",
            "id" : "1838026015899779733",
            "createdAt" : "2024-09-23T01:22:05.719Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1546053044",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1838007894905889218",
            "createdAt" : "2024-09-23T00:10:05.337Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1099 hasn't shipped yet, can you check? Email on the order is jonathan.kowalski@gmail.com",
            "mediaUrls" : [ ],
            "senderId" : "1546053044",
            "id" : "1837947495513807950",
            "createdAt" : "2024-09-22T20:10:05.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1628942198165945479",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1628942198165945479",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Could you share the email on your order?",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1920916126237570409",
            "createdAt" : "2025-05-09T18:57:48.047Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks so much for the fast reply!",
            "mediaUrls" : [ ],
            "senderId" : "1628942198165945479",
            "id" : "1920847923248396424",
            "createdAt" : "2025-05-09T14:26:47.188Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1628942198165945479",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1920831058404010879",
            "createdAt" : "2025-05-09T13:19:46.295Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "1628942198165945479",
            "id" : "1920778712252821456",
            "createdAt" : "2025-05-09T09:51:46.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1783705927933240357",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1054 hasn't shipped yet, can you check? Email on the order is siobhanoconnor@comcast.net",
            "mediaUrls" : [ ],
            "senderId" : "1783705927933240357",
            "id" : "1519736942139814840",
            "createdAt" : "2022-04-28T17:54:57.010Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1783705927933240357",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks for reaching out! Looking into it now.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1519728885575693343",
            "createdAt" : "2022-04-28T17:22:56.175Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks so much for the fast reply!",
            "mediaUrls" : [ ],
            "senderId" : "1783705927933240357",
            "id" : "1519675533293744758",
            "createdAt" : "2022-04-28T13:50:56.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-1883788208",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1883788208",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks for reaching out! Looking into it now.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1910220426487727886",
            "createdAt" : "2025-04-10T06:36:54.510Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Is the Boulder store open on Thanksgiving weekend?",
            "mediaUrls" : [ ],
            "senderId" : "1883788208",
            "id" : "1910208848068237895",
            "createdAt" : "2025-04-10T05:50:54.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-2203247359",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "2203247359",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks for reaching out! Looking into it now.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2085357409003354599",
            "createdAt" : "2026-08-06T13:28:45.030Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1099 hasn't shipped yet, can you check? Email on the order is lisa.price@aol.com",
            "mediaUrls" : [ ],
            "senderId" : "2203247359",
            "id" : "2085305063962065826",
            "createdAt" : "2026-08-06T10:00:45.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-2225202324",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "2225202324",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks for reaching out! Looking into it now.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1828819076198207829",
            "createdAt" : "2024-08-28T15:37:00.238Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1099 hasn't shipped yet, can you check? Email on the order is ana.taylor01@outlook.com",
            "mediaUrls" : [ ],
            "senderId" : "2225202324",
            "id" : "1828766982725950607",
            "createdAt" : "2024-08-28T12:10:00.186Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "2225202324",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Could you share the email on your order?",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1828710610598099967",
            "createdAt" : "2024-08-28T08:26:00.023Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1099 hasn't shipped yet, can you check? Email on the order is ana.taylor01@outlook.com",
            "mediaUrls" : [ ],
            "senderId" : "2225202324",
            "id" : "1828661033826886069",
            "createdAt" : "2024-08-28T05:09:00.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "1476329154-3136781902",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "3136781902",
            "id" : "1823100367429999761",
            "createdAt" : "2024-08-12T20:52:53.819Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "3136781902",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1823067648784503867",
            "createdAt" : "2024-08-12T18:42:53.086Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "3136781902",
            "id" : "1823061105310803381",
            "createdAt" : "2024-08-12T18:16:53.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "377575225-1476329154",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks so much for the fast reply!",
            "mediaUrls" : [ ],
            "senderId" : "377575225",
            "id" : "2118971710287639676",
            "createdAt" : "2026-11-07T07:39:58.980Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "377575225",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2118946040712793097",
            "createdAt" : "2026-11-07T05:57:58.876Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "The zipper on my jacket broke, what's the warranty process?",
            "mediaUrls" : [ ],
            "senderId" : "377575225",
            "id" : "2118901241869763216",
            "createdAt" : "2026-11-07T02:59:58.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "513435839-1476329154",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "513435839",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks for reaching out! Looking into it now.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2048066937273953383",
            "createdAt" : "2026-04-25T15:49:43.746Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1099 hasn't shipped yet, can you check? Email on the order is asanchez@gmail.com",
            "mediaUrls" : [ ],
            "senderId" : "513435839",
            "id" : "2047991437903674274",
            "createdAt" : "2026-04-25T10:49:43.294Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "513435839",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "2047924744286273470",
            "createdAt" : "2026-04-25T06:24:42.296Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Is the Boulder store open on Thanksgiving weekend?",
            "mediaUrls" : [ ],
            "senderId" : "513435839",
            "id" : "2047890769180518699",
            "createdAt" : "2026-04-25T04:09:42.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "836853497-1476329154",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "836853497",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "All set, it ships tomorrow.",
            "mediaUrls" : [ ],
            "senderId" : "1476329154",
            "id" : "1639570932461121104",
            "createdAt" : "2023-03-25T10:12:26.710Z",
            "editHistory" : [ ]
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1476329154",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Hi! My order #1210 hasn't shipped yet, can you check? Email on the order is benjamin_garcia@gmail.com",
            "mediaUrls" : [ ],
            "senderId" : "836853497",
            "id" : "1639526637630994906",
            "createdAt" : "2023-03-25T07:16:26.000Z",
            "editHistory" : [ ]
          }
        }
      ]
    }
  }
]
