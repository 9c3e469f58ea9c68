explain V203
