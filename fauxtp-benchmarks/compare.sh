#!/usr/bin/env bash
# Side-by-side benchmarks: fauxtp, Apache Pekko typed and Erlang/OTP, one after the other on this machine,
# then one table with the ratios fauxtp/Pekko and fauxtp/Erlang (above 1: fauxtp is better), the machine's own
# floors measured in the same run, and each target of issue 8 met or missed. See BENCHMARKS.md.
#
#   fauxtp-benchmarks/compare.sh           # full run (about 13 minutes on 2 cores; more on a loaded machine)
#   fauxtp-benchmarks/compare.sh --quick   # quick run (about 5 minutes on 2 cores, under 10)
#   fauxtp-benchmarks/compare.sh --loaded [--quick]   # the same, then again under a background load (over twice as long)
#
# --loaded: after the idle pass, every workload of all three runtimes is measured again while a background load
# runs on the same cores: a separate JVM (BackgroundLoad) with one busy thread per core (`nproc`), each in a tight
# integer loop that never blocks, at the same priority. The script starts it right before the loaded pass and
# stops it right after, or on Ctrl-C or an error. The idle tables are printed as without --loaded, then the
# loaded pass's tables, then one table with both passes side by side. Loaded results: target/compare/loaded/.
# The loaded pass warms each JMH fork up for 5 x 4 s instead of 3 x 1 s (quick) or 3 x 2 s (full): the load leaves
# the JIT compiler threads a fraction of a core, and after 3 s a fork still runs code that is not compiled yet: the
# loaded figures measured the compilers' share of the cores, not the runtimes.
#
# The JMH workloads run interleaved: for each workload the machine's floor, fauxtp's fork, then Pekko's (Pekko's
# first in the second pass of a full run), so the figures of a row are measured within a minute or so. On a
# virtual machine whose two cores are sometimes close together and sometimes not (seen here: a cross-core round
# trip of 95-130 ns for a while, then 440-600 ns), figures measured minutes apart are not comparable.
# Other JMH runs on the machine do not stop this one (jmh.ignoreLock); they make its numbers noisier.
# Installs Debian's erlang-nox with apt-get when `erl` is missing. Results and logs: fauxtp-benchmarks/target/compare/
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
loaded=false
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --loaded) loaded=true ;;
    *) echo "usage: $0 [--quick] [--loaded]" >&2; exit 2 ;;
  esac
done

out=fauxtp-benchmarks/target/compare
jar=fauxtp-benchmarks/target/benchmarks.jar

# shellcheck source=find-java.sh
source fauxtp-benchmarks/find-java.sh   # sets java_bin

if ! command -v erl >/dev/null 2>&1; then
  echo "== installing erlang-nox (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq erlang-nox >/dev/null
fi

if [[ $mode == quick ]]; then
  jmh=(-f 1 -wi 3 -w 1s -i 3 -r 1s)
  loaded_jmh=(-f 1 -wi 5 -w 4s -i 3 -r 1s) # the same measurement, a longer warm-up (see the top of this file)
  floor_jmh=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  passes=1
  footprint_rounds=1
  erlang_mode=quick
else
  jmh=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
  loaded_jmh=(-f 1 -wi 5 -w 4s -i 5 -r 2s)
  floor_jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  passes=2
  footprint_rounds=2
  erlang_mode=full
fi
workloads=(callFromProcess callFromPlatformThread castThroughput pingPong restartToAnswer fanIn)

# (d) allocates a few GB: both JVMs get the whole heap up front, touched before the clock starts, so neither
# pays the kernel for fresh pages while it is being measured
footprint_jvm=(-Xms6g -Xmx6g -XX:+AlwaysPreTouch)

echo "== build"
./mvnw -B -ntp -q -pl fauxtp-benchmarks -am package -DskipTests
rm -rf "$out"
mkdir -p "$out"

# What the machine itself allows, with no runtime, measured right before fauxtp's fork of each workload (the same
# minute as the figure it bounds): a call whose reply goes into the request for (a), a one-way stream through a
# linked queue for (b), a round trip between the two cores through two cache lines for (c) and for the workloads
# that have no floor of their own (it says where the two cores stood), and starting a virtual thread and waiting
# for it for (d). See CacheLineFloorBenchmark and HandOffFloorBenchmark.
floor_of() {
  case $1 in
    callFromProcess) echo 'CacheLineFloorBenchmark\.call$' ;;
    castThroughput) echo 'CacheLineFloorBenchmark\.stream$' ;;
    spawnIdle) echo 'HandOffFloorBenchmark\.virtualThreadStartAndWait$' ;;
    *) echo 'CacheLineFloorBenchmark\.pingPong$' ;;
  esac
}

floor() { # workload, file suffix
  "$java_bin" -Djmh.ignoreLock=true -jar "$jar" "$(floor_of "$1")" -p replyTo=request -p layout=twoLines \
    "${floor_jmh[@]}" -rf csv -rff "$out/floor-$1$2.csv" >> "$out/floors-jmh.log" 2>&1
}

run_jmh() { # implementation (fauxtp|pekko), workload, pass
  local class=FauxtpWorkloads
  [[ $1 == pekko ]] && class=PekkoWorkloads
  "$java_bin" -Djmh.ignoreLock=true -jar "$jar" "sidebyside\.$class\.$2\$" "${jmh[@]}" \
    -rf csv -rff "$out/$1-$2-pass$3.csv" >> "$out/$1-jmh.log" 2>&1
}

# Every workload of the three runtimes, results into $out.
measure() {
  for pass in $(seq 1 "$passes"); do
    echo "== JMH workloads, pass $pass of $passes (each: the machine's floor, then fauxtp and Pekko in turn)"
    for workload in "${workloads[@]}"; do
      echo "   $workload"
      if (( pass % 2 == 1 )); then
        floor "$workload" "-pass$pass"
        run_jmh fauxtp "$workload" "$pass"
        run_jmh pekko "$workload" "$pass"
      else
        run_jmh pekko "$workload" "$pass"
        floor "$workload" "-pass$pass"
        run_jmh fauxtp "$workload" "$pass"
      fi
    done
  done

  echo "== fauxtp (footprint)"
  floor spawnIdle ""
  "$java_bin" "${footprint_jvm[@]}" -cp "$jar" io.fauxtp.benchmarks.sidebyside.Footprint fauxtp 1000000 "$footprint_rounds" 2>> "$out/footprint.log" | tee "$out/fauxtp-footprint.txt"

  echo "== Pekko (footprint)"
  "$java_bin" "${footprint_jvm[@]}" -cp "$jar" io.fauxtp.benchmarks.sidebyside.Footprint pekko 1000000 "$footprint_rounds" 2>> "$out/footprint.log" | tee "$out/pekko-footprint.txt"

  echo "== Erlang/OTP"
  erlc -o "$out" fauxtp-benchmarks/erlang/bench.erl
  erl +P 4000000 -noshell -pa "$out" -eval "bench:main([$erlang_mode])" -s init stop | tee "$out/erlang.txt"
}

# The machine, the runtimes and the mode, into $out/run.txt.
describe_run() { # what ran beside the benchmarks
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$java_bin" -version 2>&1 | head -1)," \
    "Erlang/OTP $(erl -noshell -eval 'io:put_chars(erlang:system_info(otp_release)), halt().'), Pekko $(sed -n "s:.*<pekko.version>\(.*\)</pekko.version>.*:\1:p" fauxtp-benchmarks/pom.xml), mode $mode$1" \
    | tee "$out/run.txt"
}

measure
echo
describe_run ""
"$java_bin" -cp "$jar" io.fauxtp.benchmarks.sidebyside.CompareTable "$out" | tee "$out/table.md"

if [[ $loaded == true ]]; then
  idle=$out
  out=$idle/loaded
  mkdir -p "$out"
  load_threads=$(nproc)
  "$java_bin" -cp "$jar" io.fauxtp.benchmarks.sidebyside.BackgroundLoad "$load_threads" > "$out/background-load.log" 2>&1 &
  load_pid=$!
  stop_load() { kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; }
  trap 'stop_load; exit 130' INT TERM
  trap stop_load EXIT
  echo
  echo "== under load: $load_threads busy threads in another JVM (BackgroundLoad, pid $load_pid)"
  jmh=("${loaded_jmh[@]}")
  measure
  stop_load
  trap - EXIT INT TERM
  echo
  describe_run ", under a background load of $load_threads busy threads"
  echo "== under load"
  "$java_bin" -cp "$jar" io.fauxtp.benchmarks.sidebyside.CompareTable "$out" | tee "$out/table.md"
  echo
  echo "== idle and under load, side by side"
  "$java_bin" -cp "$jar" io.fauxtp.benchmarks.sidebyside.CompareTable --idle-and-loaded "$idle" "$out" \
    | tee "$idle/idle-and-loaded.md"
fi
