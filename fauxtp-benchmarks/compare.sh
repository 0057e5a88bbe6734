#!/usr/bin/env bash
# Side-by-side benchmarks: fauxtp, Apache Pekko typed and Erlang/OTP, one after the other on this machine,
# then one table with the ratios fauxtp/Pekko and fauxtp/Erlang (above 1: fauxtp is better). See BENCHMARKS.md.
#
#   fauxtp-benchmarks/compare.sh           # full run (about 6 minutes on 2 cores; more on a loaded machine)
#   fauxtp-benchmarks/compare.sh --quick   # quick run (about 3 minutes on 2 cores, under 10)
#
# Other JMH runs on the machine do not stop this one (jmh.ignoreLock); they make its numbers noisier.
# Installs Debian's erlang-nox with apt-get when `erl` is missing. Results and logs: fauxtp-benchmarks/target/compare/
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac

out=fauxtp-benchmarks/target/compare
jar=fauxtp-benchmarks/target/benchmarks.jar

# A JDK 21 or newer (the build picks its own toolchain; the benchmarks need one to run on).
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
  echo "compare.sh: no JDK 21+ found (set JAVA_HOME to one)" >&2
  exit 1
fi

if ! command -v erl >/dev/null 2>&1; then
  echo "== installing erlang-nox (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq erlang-nox >/dev/null
fi

if [[ $mode == quick ]]; then
  jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  footprint_rounds=1
  erlang_mode=quick
else
  jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
  footprint_rounds=2
  erlang_mode=full
fi

# (d) allocates a few GB: both JVMs get the whole heap up front, touched before the clock starts, so neither
# pays the kernel for fresh pages while it is being measured
footprint_jvm=(-Xms6g -Xmx6g -XX:+AlwaysPreTouch)

echo "== build"
./mvnw -B -ntp -q -pl fauxtp-core,fauxtp-benchmarks package -DskipTests
rm -rf "$out"
mkdir -p "$out"

echo "== fauxtp (JMH)"
"$java_bin" -Djmh.ignoreLock=true -jar "$jar" 'sidebyside.FauxtpWorkloads' "${jmh[@]}" -rf csv -rff "$out/fauxtp.csv" > "$out/fauxtp-jmh.log"
echo "== fauxtp (footprint)"
"$java_bin" "${footprint_jvm[@]}" -cp "$jar" io.fauxtp.benchmarks.sidebyside.Footprint fauxtp 1000000 "$footprint_rounds" | tee "$out/fauxtp-footprint.txt"

echo "== Pekko (JMH)"
"$java_bin" -Djmh.ignoreLock=true -jar "$jar" 'sidebyside.PekkoWorkloads' "${jmh[@]}" -rf csv -rff "$out/pekko.csv" > "$out/pekko-jmh.log"
echo "== Pekko (footprint)"
"$java_bin" "${footprint_jvm[@]}" -cp "$jar" io.fauxtp.benchmarks.sidebyside.Footprint pekko 1000000 "$footprint_rounds" | tee "$out/pekko-footprint.txt"

echo "== Erlang/OTP"
erlc -o "$out" fauxtp-benchmarks/erlang/bench.erl
erl +P 4000000 -noshell -pa "$out" -eval "bench:main([$erlang_mode])" -s init stop | tee "$out/erlang.txt"

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$java_bin" -version 2>&1 | head -1)," \
  "Erlang/OTP $(erl -noshell -eval 'io:put_chars(erlang:system_info(otp_release)), halt().'), Pekko $(sed -n "s:.*<pekko.version>\(.*\)</pekko.version>.*:\1:p" fauxtp-benchmarks/pom.xml), mode $mode" \
  | tee "$out/run.txt"
"$java_bin" -cp "$jar" io.fauxtp.benchmarks.sidebyside.CompareTable "$out" | tee "$out/table.md"
