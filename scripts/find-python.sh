#!/usr/bin/env bash
# Print the path of a Python 3.12 or later, or nothing (exit 1) when there is none.
# Looks at the usual names on PATH, then at pyenv's installed versions.
set -u
candidates=(python3.14 python3.13 python3.12 python3)
for name in "${candidates[@]}"; do
  if path=$(command -v "$name" 2>/dev/null); then
    if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$path"; exit 0
    fi
  fi
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r); do
  if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$path"; exit 0
  fi
done
exit 1
