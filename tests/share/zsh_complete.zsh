# zsh -f zsh_complete.zsh FPATH_DIR CASES_FILE: for each line of CASES_FILE, up to its first '|'
# (a command line), prints on one line the words zsh's completion system offers at its end, with
# the completion functions of FPATH_DIR first in $fpath. Runs an interactive zsh on a
# pseudo-terminal, where compadd is replaced by a function that prints what it is given.
zmodload zsh/zpty || exit 125
zpty z zsh -f -i
zpty -w z 'PROMPT= RPROMPT='
zpty -w z "fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
# The markers are split in the code sent, so that the terminal's echo of it never matches.
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a hits
  builtin compadd -A hits "$@"
  local h; for h in $hits; do print -r -- "<CAN""DIDATE>$h"; done
}'
zpty -w z 'complete-word () { unset "compstate[vared]"; _main_complete "$@"; compstate[insert]=; compstate[list]=; print -r -- "<DO""NE>"; }'
zpty -w z 'zle -C complete-word .complete-word complete-word; bindkey "^I" complete-word'
local spec line
local -a offered
while IFS= read -r spec; do
  offered=()
  zpty -n -w z "${spec%%|*}"$'\t'
  while zpty -r z line; do
    line=${line//$'\r'/}
    line=${line%%$'\n'*}
    [[ $line == *'<DONE>'* ]] && break
    [[ $line == *'<CANDIDATE>'* ]] && offered+=("${line#*<CANDIDATE>}")
  done
  zpty -n -w z $'\C-u'  # clear the command line for the next one
  print -r -- "${(ou)offered}"
done <"$2"
zpty -d z
