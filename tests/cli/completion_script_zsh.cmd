completion zsh
