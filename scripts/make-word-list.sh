#!/usr/bin/env bash
# Writes the English word list the spelling suggestions embed (searcher/src/spelling_words.cpp.in):
# every entry of the given word lists made of letters only, lower-cased, sorted bytewise, once.
#
#   scripts/make-word-list.sh OUT LIST...
#
# The build runs it (searcher/CMakeLists.txt) on SCOWL's word lists as Debian ships them:
# /usr/share/dict/american-english-large (package wamerican-large) and british-english-large
# (wbritish-large), SCOWL size 70 of Kevin Atkinson's Spell Checker Oriented Word Lists
# (wordlist.sourceforge.net). Licence: permissive, notice kept (/usr/share/doc/wamerican-large/
# copyright): "Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify, distribute
# and sell these word lists, the associated scripts, the output created from the scripts, and its
# documentation for any purpose is hereby granted without fee, provided that the above copyright
# notice appears in all copies and that both that copyright notice and this permission notice
# appear in supporting documentation." (with notices of the lists SCOWL is built from; see there).
# Entries with an apostrophe ("Blair's") or a letter outside a-z are left out: query words are
# read as runs of a-z. Proper names the lists hold (Dublin, Mitterrand) are kept, lower-cased.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OUT LIST..." >&2; exit 2; }
out=$1
shift
for list in "$@"; do
  [ -r "$list" ] || { echo "make-word-list: $list missing: apt-get install wamerican-large wbritish-large (scripts/install-deps.sh)" >&2; exit 1; }
done
LC_ALL=C grep -h -E '^[A-Za-z]+$' "$@" | LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C sort -u > "$out.tmp"
mv "$out.tmp" "$out"
