#!/usr/bin/env bash
# End-to-end HTTP benchmark: a Spring MVC endpoint that adds one to a counter and answers with the new count,
# the counter being a fauxtp GenServer (called through its injected ServerRef), a Pekko typed actor (AskPattern,
# waited for on the request thread) or a `synchronized` method (the baseline). wrk drives each over loopback at
# fixed numbers of connections, with Tomcat's request threads on platform threads and then on virtual threads
# (spring.threads.virtual.enabled). Each variant runs in its own JVM (java -cp benchmarks.jar), idle while wrk
# drives another; the rows are taken in interleaved rounds (see below). Prints a Markdown table (requests/s, p50 and
# p99 latency, throughput relative to the baseline, and the context switches of the variant's JVM per request:
# its hand-offs between threads, which a loaded machine does not change the way it changes the time) and the goal
# of issue 28, met or missed. See BENCHMARKS.md.
#
#   fauxtp-benchmarks/http.sh           # full: 10 s warm-up; per row 3 s more, 3 rounds of 3 s (~5 minutes idle)
#   fauxtp-benchmarks/http.sh --quick   # quick: 5 s warm-up; per row 2 s more, 2 rounds of 2 s (~3 minutes idle)
#
# Installs Debian's wrk with apt-get when it is missing. Results and logs: fauxtp-benchmarks/target/http/
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --quick) mode=quick ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
if [[ $mode == quick ]]; then
  warmup_s=5; row_warmup_s=2; measure_s=2; rounds=2
else
  warmup_s=10; row_warmup_s=3; measure_s=3; rounds=3
fi
variants=(plain fauxtp pekko)   # the table's columns follow this order
thread_modes=(platform virtual)
connections=(1 16 64)
# each JVM gets the same fixed heap, so that none pays for growing it while it is measured
app_jvm=(-Xms512m -Xmx512m)

out=fauxtp-benchmarks/target/http
jar=fauxtp-benchmarks/target/benchmarks.jar

# shellcheck source=find-java.sh
source fauxtp-benchmarks/find-java.sh   # sets java_bin

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# Every JVM this script starts is stopped when it exits, however it exits.
app_pids=()
stop_apps() {
  local pid
  for pid in "${app_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${app_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  app_pids=()
}
trap stop_apps EXIT
trap 'exit 130' INT TERM

echo "== build"
./mvnw -B -ntp -q -pl fauxtp-benchmarks -am package -DskipTests
rm -rf "$out"
mkdir -p "$out"

# wrk sends POSTs and, when done, prints one line this script reads: the count, the duration and the latency
# percentiles in microseconds, and every error (connect, read, write, timeout, non-2xx status)
cat > "$out/post.lua" <<'LUA'
wrk.method = "POST"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
LUA

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
declare -A port_of
next_port=18080
for variant in "${variants[@]}"; do
  while ! port_free "$next_port"; do next_port=$((next_port + 1)); done
  port_of[$variant]=$next_port
  next_port=$((next_port + 1))
done

# One POST over bash's /dev/tcp; succeeds when the endpoint answers 200.
answers() { # variant
  (
    exec 3<>"/dev/tcp/127.0.0.1/${port_of[$1]}" || exit 1
    printf 'POST /%s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' "$1" >&3
    read -r -t 10 status <&3 && [[ $status == *" 200 "* ]]
  ) 2>/dev/null
}

start_app() { # variant, thread mode
  local virtual=false
  [[ $2 == virtual ]] && virtual=true
  "$java_bin" "${app_jvm[@]}" -cp "$jar" io.fauxtp.benchmarks.http.HttpBenchApplication \
    --server.port="${port_of[$1]}" --spring.profiles.active="$1" --spring.threads.virtual.enabled="$virtual" \
    > "$out/app-$1-$2.log" 2>&1 &
  app_pids+=($!)
}

await_app() { # variant, thread mode, pid
  local waited=0
  until answers "$1"; do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "http.sh: the $1 application exited at startup; see $out/app-$1-$2.log" >&2
      exit 1
    fi
    if (( waited >= 480 )); then
      echo "http.sh: the $1 application did not answer within 4 minutes; see $out/app-$1-$2.log" >&2
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

# Context switches so far of every thread of a JVM (voluntary: it parked or waited; involuntary: preempted).
switches() { # pid
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'
}

drive() { # variant, connections, seconds -> wrk's output
  local threads=2
  (( $2 < threads )) && threads=$2
  wrk -t"$threads" -c"$2" -d"$3"s --latency -s "$out/post.lua" "http://127.0.0.1:${port_of[$1]}/$1"
}

# Per thread mode: one JVM per variant, all started and warmed up, then for each number of connections `rounds`
# rounds in which wrk drives each variant in turn (the order rotating from round to round) while the other two
# JVMs are idle. A variant's figure is the median of its rounds, so that the variants of a row are measured
# within the same minute and a change in the machine's load moves them together.
printf 'variant\tthreads\tconnections\tround\trequests\tduration_us\tp50_us\tp99_us\terrors\tswitches\n' \
  > "$out/results.tsv"
for threads in "${thread_modes[@]}"; do
  echo "== $threads threads: starting ${variants[*]}"
  for variant in "${variants[@]}"; do
    start_app "$variant" "$threads"
  done
  for i in "${!variants[@]}"; do
    await_app "${variants[$i]}" "$threads" "${app_pids[$i]}"
  done
  for variant in "${variants[@]}"; do
    drive "$variant" 64 "$warmup_s" > "$out/wrk-$variant-$threads-warmup.txt"
  done
  for c in "${connections[@]}"; do
    # Each number of connections takes paths of its own (an idle request thread parks, a busy one does not): the
    # JIT compiles them only once they run, and a row measured right after the warm-up at 64 caught one
    # variant's JVM still compiling. So each row warms every variant up at its own number of connections first.
    for variant in "${variants[@]}"; do
      drive "$variant" "$c" "$row_warmup_s" > "$out/wrk-$variant-$threads-c$c-warmup.txt"
    done
    for round in $(seq 1 "$rounds"); do
      for k in "${!variants[@]}"; do
        i=$(( (k + round) % ${#variants[@]} ))
        variant=${variants[$i]}
        file="$out/wrk-$variant-$threads-c$c-r$round.txt"
        before=$(switches "${app_pids[$i]}")
        drive "$variant" "$c" "$measure_s" > "$file"
        switched=$(( $(switches "${app_pids[$i]}") - before ))
        result=$(sed -n 's/^RESULT //p' "$file")
        [[ -n $result ]] || { echo "http.sh: wrk printed no result; see $file" >&2; exit 1; }
        echo "   $variant, $c connections, round $round: $result"
        # shellcheck disable=SC2086 # the RESULT line is key=value words
        declare $result
        # shellcheck disable=SC2154 # declared from the RESULT line
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$threads" "$c" "$round" "$requests" \
          "$duration_us" "$p50_us" "$p99_us" "$errors" "$switched" >> "$out/results.tsv"
      done
    done
  done
  stop_apps
done

echo
{
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
    "$("$java_bin" -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)," \
    "${warmup_s} s warm-up and ${row_warmup_s} s per row, median of $rounds rounds of ${measure_s} s, mode $mode"
  echo
  awk -F'\t' -v variants="${variants[*]}" '
    function ms(us) { return sprintf("%.2f", us / 1000) }
    function grouped(n,   s, r) {
      s = sprintf("%d", n); r = ""
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r
    }
    function median(list,   v, m, i, j, t) {
      m = split(list, v, " ")
      for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
      return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
    }
    NR == 1 { next }
    {
      key = $2 SUBSEP $3
      g = $1 SUBSEP key
      rps[g] = rps[g] " " $5 / ($6 / 1e6); p50[g] = p50[g] " " $7; p99[g] = p99[g] " " $8
      sw[g] = sw[g] " " ($5 > 0 ? $10 / $5 : 0)
      if ($9 > 0) bad = bad sprintf("%s, %s threads, %s connections, round %s: %s errors\n", $1, $2, $3, $4, $9)
      if (!(key in seen)) { seen[key] = 1; keys[++k] = key }
    }
    END {
      nv = split(variants, v, " ")
      print "| server threads | connections | requests/s: plain / fauxtp / Pekko | fauxtp ÷ plain | fauxtp ÷ Pekko | p50: plain / fauxtp / Pekko | p99: plain / fauxtp / Pekko | switches per request: plain / fauxtp / Pekko |"
      print "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
      within = 0; ahead = 0
      for (i = 1; i <= k; i++) {
        split(keys[i], kk, SUBSEP)
        r = ""; l50 = ""; l99 = ""; cs = ""
        for (j = 1; j <= nv; j++) {
          g = v[j] SUBSEP keys[i]
          mid[v[j]] = median(rps[g])
          sep = j > 1 ? " / " : ""
          r = r sep grouped(mid[v[j]]); l50 = l50 sep ms(median(p50[g])); l99 = l99 sep ms(median(p99[g]))
          cs = cs sep sprintf("%.1f", median(sw[g]))
        }
        printf "| %s | %s | %s | %.2f | %.2f | %s | %s | %s |\n", kk[1], kk[2], r, mid["fauxtp"] / mid["plain"],
          mid["fauxtp"] / mid["pekko"], l50 " ms", l99 " ms", cs
        if (mid["fauxtp"] >= 0.9 * mid["plain"]) within++
        if (mid["fauxtp"] > mid["pekko"]) ahead++
      }
      print ""
      printf "Goal (issue 28): fauxtp within 10 %% of the plain baseline in %d of %d rows, %s; ahead of Pekko ask in %d of %d, %s.\n",
        within, k, within == k ? "met" : "missed", ahead, k, ahead == k ? "met" : "missed"
      if (bad != "") printf "\nErrors (failed requests; the figures above include these rounds):\n%s", bad
    }' "$out/results.tsv"
} | tee "$out/table.md"
