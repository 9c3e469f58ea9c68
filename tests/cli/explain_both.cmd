explain P012 --list
