explain v203 --format json
