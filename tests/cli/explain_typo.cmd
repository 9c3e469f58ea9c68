explain P0123
