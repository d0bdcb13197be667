# Sourced (POSIX sh) by ./mvnw and .ci/run. Confero builds only with JDK 25 or newer; an older JVM would stop
# Maven with an unhelpful option or "release 25 not supported" error, so this either points JAVA_HOME at a JDK 25
# (the current one, or the first one found) or says in one line what is missing.
# CONFERO_JDK_SEARCH (colon-separated JDK homes) replaces the default search; the wrapper's own test uses it.

jdk25_major() { # $1: a JDK home -> its major version, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9]*\).*/\1/p'
}

jdk25_ok() { _v="$(jdk25_major "$1")"; [ -n "$_v" ] && [ "$_v" -ge 25 ]; }

jdk25_select() {
  _current="${JAVA_HOME-}"
  if [ -z "$_current" ] && command -v javac >/dev/null 2>&1; then
    _current="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  if [ -n "$_current" ] && jdk25_ok "$_current"; then
    JAVA_HOME="$_current"; export JAVA_HOME
    return 0
  fi
  case $- in *f*) _noglob=1; set +f ;; *) _noglob= ;; esac
  if [ -n "${CONFERO_JDK_SEARCH+set}" ]; then
    _ifs="$IFS"; IFS=:; set -- $CONFERO_JDK_SEARCH; IFS="$_ifs"
  else
    set -- "${JAVA_HOME_25_X64:-/nonexistent}" /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /opt/java/* /opt/jdk*
  fi
  [ -z "$_noglob" ] || set -f
  for _candidate in "$@"; do
    if [ -d "$_candidate" ] && jdk25_ok "$_candidate"; then
      if [ -n "$_current" ]; then
        echo "[confero] $_current is Java $(jdk25_major "$_current"); using the JDK 25 at $_candidate" >&2
      fi
      JAVA_HOME="$_candidate"; export JAVA_HOME
      return 0
    fi
  done
  _found="no Java at all"
  [ -z "$_current" ] || _found="Java $(jdk25_major "$_current") at $_current"
  echo "ERROR: Confero needs JDK 25 to build, but found $_found and no JDK 25 (JAVA_HOME, /usr/lib/jvm, sdkman): install one, e.g. Temurin 25 from https://adoptium.net/temurin/releases/?version=25, and set JAVA_HOME to it." >&2
  return 1
}
