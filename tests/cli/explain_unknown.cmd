explain V999
