test no/such/dir
