# tasker chain against real Twisted: twisted_chain_test.py runs the same chains through tasker
# and through a Deferred. Debian's python3 first, as a python3 earlier on PATH (pyenv, a venv)
# may lack Twisted; skipped (125) when no python3 has it.
TASKER=${1:?usage: twisted_chain_test.sh TASKER SOURCE_DIR}
SOURCE_DIR=${2:?usage: twisted_chain_test.sh TASKER SOURCE_DIR}
for python in /usr/bin/python3 python3; do
  if "$python" -c 'import twisted' 2>/dev/null; then
    exec "$python" "$SOURCE_DIR/tests/share/twisted_chain_test.py" "$TASKER"
  fi
done
echo "SKIP: no python3 with Twisted (apt-get install -y python3-twisted)"
exit 125
