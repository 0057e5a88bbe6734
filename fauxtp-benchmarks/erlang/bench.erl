%% The side-by-side workloads (a)-(f) written the straightforward way on Erlang/OTP: gen_server, supervisor,
%% plain processes. Prints "RESULT key value unit" lines that CompareTable reads, like the Java side.
%% Run by compare.sh:  erlc bench.erl && erl +P 4000000 -noshell -eval 'bench:main([quick|full])' -s init stop
%%
%% This one module is the callback module of every gen_server here (the state tells which server it is) and of
%% the supervisor (init({sup, ...}) returns the supervisor spec).
-module(bench).
-export([main/1, init/1, handle_call/3, handle_cast/2, handle_info/2, start_echo/0, restart_to_answer/1]).

-define(BATCH, 1000).
-define(CASTS, 100000).
-define(SENDERS, 1000).
-define(CASTS_PER_SENDER, 1000).
-define(IDLE, 1000000).

main([Mode]) ->
    logger:set_primary_config(level, critical), % no supervisor report per benchmarked crash
    Rounds = case Mode of quick -> 5; "quick" -> 5; _ -> 15 end,
    FootRounds = case Mode of quick -> 1; "quick" -> 1; _ -> 3 end,
    {ok, Echo} = gen_server:start(?MODULE, echo, []),
    {ok, Counter} = gen_server:start(?MODULE, counter, []),
    result(callFromProcess, median(Rounds, fun() -> per_op(?BATCH * 10, fun(N) -> calls(Echo, N) end) end), ns),
    result(castThroughput, median(Rounds, fun() -> rate(?CASTS, fun() -> casts(Counter, ?CASTS) end) end), 'msgs/s'),
    Ponger = spawn(fun pong/0),
    result(pingPong, median(Rounds, fun() -> per_op(?BATCH * 10, fun(N) -> pings(Ponger, N) end) end), ns),
    result(fanIn, median(Rounds, fun() -> rate(?SENDERS * ?CASTS_PER_SENDER, fun() -> fan_in(Counter) end) end), 'msgs/s'),
    result(restartToAnswer, restart_to_answer(Rounds * 200), us),
    Foot = [footprint(?IDLE) || _ <- lists:seq(1, FootRounds)],
    result(spawnIdle, lists:min([S || {S, _, _, _, _} <- Foot]), s),
    result(bytesPerIdle, lists:min([B || {_, B, _, _, _} <- Foot]), 'B'),
    result(stopAll, lists:min([T || {_, _, T, _, _} <- Foot]), s),
    result(shortLived, lists:min([L || {_, _, _, L, _} <- Foot]), s),
    result(spawnAsync, lists:min([A || {_, _, _, _, A} <- Foot]), s),
    ok.

result(Key, Value, Unit) ->
    io:format("RESULT ~s ~.4f ~s~n", [Key, float(Value), Unit]).

median(Rounds, Fun) ->
    Fun(), % warm-up
    Sorted = lists:sort([Fun() || _ <- lists:seq(1, Rounds)]),
    lists:nth((Rounds + 1) div 2, Sorted).

now_ns() -> erlang:monotonic_time(nanosecond).

%% Nanoseconds per operation of Fun(N).
per_op(N, Fun) ->
    T0 = now_ns(),
    Fun(N),
    (now_ns() - T0) / N.

%% Operations per second of Fun(), which does N operations.
rate(N, Fun) ->
    T0 = now_ns(),
    Fun(),
    N / ((now_ns() - T0) / 1.0e9).

%% ----- (a) call -----
calls(_Server, 0) -> ok;
calls(Server, N) -> hello = gen_server:call(Server, hello), calls(Server, N - 1).

%% ----- (b) cast, ended by a call -----
casts(Counter, 0) -> gen_server:call(Counter, {await, ?CASTS}, infinity);
casts(Counter, N) -> gen_server:cast(Counter, one), casts(Counter, N - 1).

%% ----- (c) ping-pong -----
pong() -> receive {ping, From} -> From ! pong, pong() end.

pings(_Ponger, 0) -> ok;
pings(Ponger, N) -> Ponger ! {ping, self()}, receive pong -> pings(Ponger, N - 1) end.

%% ----- (f) fan-in -----
fan_in(Counter) ->
    [spawn(fun() -> sender(Counter, ?CASTS_PER_SENDER) end) || _ <- lists:seq(1, ?SENDERS)],
    gen_server:call(Counter, {await, ?SENDERS * ?CASTS_PER_SENDER}, infinity).

sender(_Counter, 0) -> ok;
sender(Counter, N) -> gen_server:cast(Counter, one), sender(Counter, N - 1).

%% ----- (e) one_for_one restart -----
start_echo() -> gen_server:start_link({local, echo}, ?MODULE, echo, []).

%% Batches of 100 restarts, each under a fresh supervisor (not timed): OTP's supervisor keeps every restart of
%% the last intensity period in a list it walks per restart, so thousands of back-to-back restarts per second
%% would measure that list rather than a restart.
restart_to_answer(Times) ->
    _ = restart_batch(20), % warm-up
    Batches = max(1, Times div 100),
    Nanos = lists:sum([restart_batch(100) || _ <- lists:seq(1, Batches)]),
    Nanos / (Batches * 100) / 1000.

restart_batch(N) ->
    {ok, Sup} = supervisor:start_link(?MODULE, {sup}),
    unlink(Sup),
    T0 = now_ns(),
    [crash_and_ask() || _ <- lists:seq(1, N)],
    Elapsed = now_ns() - T0,
    Ref = erlang:monitor(process, Sup),
    exit(Sup, shutdown),
    receive {'DOWN', Ref, process, Sup, _} -> ok end,
    Elapsed.

crash_and_ask() ->
    Old = whereis(echo),
    exit(Old, kill),
    wait_for_new(Old),
    who = gen_server:call(echo, who).

%% Spins until the name is registered to a new process (as the Java versions do).
wait_for_new(Old) ->
    case whereis(echo) of
        Pid when is_pid(Pid), Pid =/= Old -> ok;
        _ -> erlang:yield(), wait_for_new(Old)
    end.

%% ----- (d) footprint -----
footprint(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(total),
    T0 = now_ns(),
    Pids = [begin {ok, P} = gen_server:start(?MODULE, idle, []), P end || _ <- lists:seq(1, N)],
    Spawn = (now_ns() - T0) / 1.0e9,
    erlang:garbage_collect(),
    Bytes = (erlang:memory(total) - Before) / N,
    T1 = now_ns(),
    [begin erlang:monitor(process, P), exit(P, kill) end || P <- Pids],
    downs(N),
    Stop = (now_ns() - T1) / 1.0e9,
    Self = self(),
    T2 = now_ns(),
    [spawn(fun() -> Self ! ran end) || _ <- lists:seq(1, N)],
    rans(N),
    Short = (now_ns() - T2) / 1.0e9,
    %% Asynchronous start: proc_lib:spawn, init, then gen_server:enter_loop (the way to start a gen_server without
    %% waiting for its init), timed until every init has run; each init counts itself.
    Inited = counters:new(1, [write_concurrency]),
    T3 = now_ns(),
    Async = [proc_lib:spawn(fun() -> idle_enter_loop(Inited) end) || _ <- lists:seq(1, N)],
    wait_count(Inited, N),
    SpawnAsync = (now_ns() - T3) / 1.0e9,
    [begin erlang:monitor(process, P), exit(P, kill) end || P <- Async],
    downs(N),
    io:format("footprint: spawn ~.3f s, ~.1f B/process, stop+observe ~.3f s, short-lived ~.3f s, spawn async ~.3f s~n",
              [Spawn, Bytes, Stop, Short, SpawnAsync]),
    {Spawn, Bytes, Stop, Short, SpawnAsync}.

idle_enter_loop(Inited) ->
    {ok, State} = init(idle),
    counters:add(Inited, 1, 1),
    gen_server:enter_loop(?MODULE, [], State).

%% Looks every millisecond (as the Java drivers look every 20 us) until the counter reaches N.
wait_count(Counter, N) ->
    case counters:get(Counter, 1) >= N of
        true -> ok;
        false -> receive after 1 -> wait_count(Counter, N) end
    end.

downs(0) -> ok;
downs(N) -> receive {'DOWN', _, process, _, _} -> downs(N - 1) end.

rans(0) -> ok;
rans(N) -> receive ran -> rans(N - 1) end.

%% ----- callbacks -----
init({sup}) ->
    {ok, {#{strategy => one_for_one, intensity => 1000000000, period => 1},
          [#{id => echo, start => {?MODULE, start_echo, []}}]}};
init(echo) -> {ok, echo};
init(idle) -> {ok, idle};
init(counter) -> {ok, {counter, 0, -1, undefined}}.

handle_call(Request, _From, echo) -> {reply, Request, echo};
handle_call({await, N}, From, {counter, Count, _, _}) when Count >= N -> gen_server:reply(From, Count),
    {noreply, {counter, 0, -1, undefined}};
handle_call({await, N}, From, {counter, Count, _, _}) -> {noreply, {counter, Count, N, From}}.

handle_cast(one, {counter, Count, Awaited, From}) when Count + 1 =:= Awaited ->
    gen_server:reply(From, Awaited),
    {noreply, {counter, 0, -1, undefined}};
handle_cast(one, {counter, Count, Awaited, From}) -> {noreply, {counter, Count + 1, Awaited, From}};
handle_cast(_, State) -> {noreply, State}.

handle_info(_, State) -> {noreply, State}.
