window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "social@northwindoutfitters.com",
      "createdVia" : "web",
      "username" : "NorthwindOutfit",
      "accountId" : "1476329154",
      "createdAt" : "2013-05-14T18:22:09.000Z",
      "accountDisplayName" : "Northwind Outfitters"
    }
  }
]
