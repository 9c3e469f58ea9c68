explain P012
