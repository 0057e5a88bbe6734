# Sourced by compare.sh and http.sh: sets java_bin to the newest JDK 21 or newer among $JAVA_HOME and
# /usr/lib/jvm/* (the build picks its own toolchain; the benchmarks need a JDK to run on), or exits naming the
# script that needed it and the fix.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
java_bin=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  candidate="$home/bin/java"
  if [[ -n "$home" && -x "$candidate" ]]; then
    major=$(java_major "$candidate")
    if [[ "${major:-0}" -ge 21 && ( -z "$java_bin" || "$major" -gt "$(java_major "$java_bin")" ) ]]; then
      java_bin=$candidate
    fi
  fi
done
if [[ -z "$java_bin" ]]; then
  echo "$(basename "$0"): no JDK 21+ found (set JAVA_HOME to one)" >&2
  exit 1
fi
