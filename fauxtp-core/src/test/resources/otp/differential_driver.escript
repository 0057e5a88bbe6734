#!/usr/bin/env escript
%% The Erlang/OTP side of fauxtp's differential tests (io.fauxtp.otp.*DifferentialTest).
%% Reads one scenario per line on standard input (an Erlang term ending with a dot), runs it through OTP's own
%% supervisor (or plain processes), and prints its trace: one line per operation, then "end". The Java side runs
%% the same scenario through fauxtp and prints the same trace; any difference is a divergence. Traces hold no
%% pids and no times: children are named by id and counted by successful starts.
-mode(compile).
-behaviour(supervisor).
%% The same module is the gen_server callback of the process scenarios' server (init/1 tells them apart).
-export([main/1, init/1, child_start/3, child_loop/0, puppet/1, server_init/1]).
-export([handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

main(_) ->
    logger:set_primary_config(level, none),
    process_flag(trap_exit, true),
    ets:new(starts, [named_table, public]),
    ets:new(fails, [named_table, public]),
    io:setopts(standard_io, [binary]),
    loop().

loop() ->
    case io:get_line(standard_io, "") of
        eof -> halt(0);
        {error, _} -> halt(1);
        Line ->
            {ok, Tokens, _} = erl_scan:string(binary_to_list(Line)),
            {ok, Scenario} = erl_parse:parse_term(Tokens),
            Trace = try run(Scenario) catch C:R:S -> [io_lib:format("driver_error ~w ~w ~w", [C, R, S])] end,
            io:put_chars([[T, $\n] || T <- Trace] ++ ["end\n"]),
            flush_mailbox(),
            loop()
    end.

flush_mailbox() -> receive _ -> flush_mailbox() after 0 -> ok end.

%% ------------------------------------------------------------------ supervisor scenarios

run({proc, _, _, _, _} = Scenario) -> run_proc(Scenario);
run({sup, Strategy, Intensity, Period, Children, Ops}) ->
    ets:delete_all_objects(starts),
    ets:delete_all_objects(fails),
    {ok, Sup} = supervisor:start_link(?MODULE, {Strategy, Intensity, Period, [spec(C) || C <- Children]}),
    Mon = monitor(process, Sup),
    Trace = ops(Sup, Mon, Ops, 1, []),
    case is_process_alive(Sup) of
        true -> unlink(Sup), demonitor(Mon, [flush]), exit(Sup, kill), wait_dead(Sup);
        false -> ok
    end,
    Trace.

init({server, Trap}) -> server_init(Trap);
init({Strategy, Intensity, Period, Specs}) ->
    {ok, {#{strategy => Strategy, intensity => Intensity, period => Period}, Specs}}.

spec({Id, Restart, Shutdown}) ->
    #{id => Id, start => {?MODULE, child_start, [Id, Restart, Shutdown]}, restart => Restart,
      shutdown => Shutdown, type => worker}.

child_start(Id, _Restart, _Shutdown) ->
    case ets:lookup(fails, Id) of
        [{Id, N}] when N > 0 ->
            ets:insert(fails, {Id, N - 1}),
            {error, injected};
        _ ->
            ets:update_counter(starts, Id, 1, {Id, 0}),
            {ok, spawn_link(?MODULE, child_loop, [])}
    end.

child_loop() ->
    receive
        {exit, crash} -> erlang:error(boom);
        {exit, Reason} -> exit(Reason)
    end.

ops(_Sup, _Mon, [], _N, Acc) -> lists:reverse(Acc);
ops(Sup, Mon, [Op | Rest], N, Acc) ->
    Result = op(Sup, Op),
    case settle(Sup, Mon) of
        {alive, State} ->
            ops(Sup, Mon, Rest, N + 1, [line(N, Op, Result, State) | Acc]);
        {dead, Reason} ->
            lists:reverse([line(N, Op, Result, "dead " ++ reason(Reason)) | Acc])
    end.

line(N, Op, Result, State) ->
    lists:flatten(io_lib:format("~b ~s -> ~s | ~s", [N, op_name(Op), Result, State])).

op_name({exit, Id, R}) -> io_lib:format("exit ~s ~s", [Id, reason(R)]);
op_name({terminate, Id}) -> io_lib:format("terminate ~s", [Id]);
op_name({restart, Id}) -> io_lib:format("restart ~s", [Id]);
op_name({delete, Id}) -> io_lib:format("delete ~s", [Id]);
op_name({start, {Id, R, S}}) -> io_lib:format("start ~s ~s ~p", [Id, R, S]);
op_name({fail_starts, Id, K}) -> io_lib:format("fail_starts ~s ~b", [Id, K]);
op_name({wait, Ms}) -> io_lib:format("wait ~b", [Ms]);
op_name(Op) -> atom_to_list(Op).

op(Sup, {exit, Id, Reason}) ->
    case child_pid(Sup, Id) of
        Pid when is_pid(Pid) ->
            M = monitor(process, Pid),
            case Reason of
                kill -> exit(Pid, kill);
                _ -> Pid ! {exit, Reason}
            end,
            receive {'DOWN', M, process, Pid, _} -> "ok" end;
        _ -> "not_running"
    end;
op(Sup, {terminate, Id}) -> result(catch supervisor:terminate_child(Sup, Id));
op(Sup, {restart, Id}) -> result(catch supervisor:restart_child(Sup, Id));
op(Sup, {delete, Id}) -> result(catch supervisor:delete_child(Sup, Id));
op(Sup, {start, Child}) -> result(catch supervisor:start_child(Sup, spec(Child)));
op(Sup, count) ->
    case catch supervisor:count_children(Sup) of
        L when is_list(L) ->
            io_lib:format("specs=~b active=~b workers=~b",
                          [proplists:get_value(K, L) || K <- [specs, active, workers]]);
        Other -> result(Other)
    end;
op(Sup, which) -> result(catch supervisor:which_children(Sup));
op(_Sup, {fail_starts, Id, K}) -> ets:insert(fails, {Id, K}), "ok";
op(_Sup, {wait, Ms}) -> timer:sleep(Ms), "ok";
op(Sup, stop) -> result(catch gen_server:stop(Sup));
op(_Sup, Op) -> io_lib:format("unknown_op ~p", [Op]).

result(ok) -> "ok";
result({ok, Pid}) when is_pid(Pid) -> "ok";
result(L) when is_list(L) -> "ok";
result({error, {already_started, _}}) -> "already_started";
result({error, {injected, _}}) -> "start_failed";
result({error, injected}) -> "start_failed";
result({error, Reason}) when is_atom(Reason) -> atom_to_list(Reason);
result({'EXIT', {Reason, _}}) -> "exit " ++ reason(Reason);
result(Other) -> io_lib:format("other ~p", [Other]).

child_pid(Sup, Id) ->
    case catch supervisor:which_children(Sup) of
        L when is_list(L) ->
            case lists:keyfind(Id, 1, L) of {Id, Pid, _, _} -> Pid; false -> undefined end;
        _ -> undefined
    end.

%% Waits until no child is between a failed restart and its retry, and prints the children in start order.
settle(Sup, Mon) -> settle(Sup, Mon, 5000).

settle(Sup, _Mon, 0) -> {alive, "unsettled " ++ state(Sup)};
settle(Sup, Mon, Tries) ->
    case catch supervisor:which_children(Sup) of
        L when is_list(L) ->
            case lists:any(fun({_, P, _, _}) -> P =:= restarting end, L) of
                true -> timer:sleep(1), settle(Sup, Mon, Tries - 1);
                false -> {alive, children(lists:reverse(L))}
            end;
        _ ->
            receive {'DOWN', Mon, process, Sup, Reason} -> {dead, Reason}
            after 10000 -> {alive, "call_failed_but_alive"}
            end
    end.

state(Sup) -> children(lists:reverse(supervisor:which_children(Sup))).

children(L) ->
    string:join([io_lib:format("~s:~s/~b", [Id, status(P), starts(Id)]) || {Id, P, _, _} <- L], " ").

status(P) when is_pid(P) -> "run";
status(undefined) -> "undef";
status(restarting) -> "restarting".

starts(Id) -> case ets:lookup(starts, Id) of [{Id, N}] -> N; [] -> 0 end.

reason(normal) -> "normal";
reason(shutdown) -> "shutdown";
reason({shutdown, T}) -> io_lib:format("{shutdown,~p}", [T]);
reason(killed) -> "killed";
reason(kill) -> "kill";
reason(crash) -> "crash";
reason(noproc) -> "noproc";
reason(Other) -> io_lib:format("other ~p", [Other]).

wait_dead(Pid) ->
    M = monitor(process, Pid),
    receive {'DOWN', M, process, Pid, _} -> ok end,
    receive {'EXIT', Pid, _} -> ok after 0 -> ok end.

%% ------------------------------------------------------------------ process scenarios
%% An observer O (a puppet process) and a target T (a puppet or a gen_server); O links to and monitors T, T
%% exits or is sent exit signals, calls go to T. After each operation: what O and T received (EXIT and DOWN
%% messages, oldest first), or how they ended.

run_proc({proc, OTrap, Kind, TTrap, Ops}) ->
    O = spawn(?MODULE, puppet, [OTrap]),
    T = case Kind of
            plain -> spawn(?MODULE, puppet, [TTrap]);
            server -> start_server(TTrap)
        end,
    OM = monitor(process, O),
    TM = monitor(process, T),
    %% the puppets set their trap_exit flag first thing: wait for that before any signal is sent
    [begin P ! {sync, self()}, receive {synced, P} -> ok end end || P <- [O, T]],
    Names = #{O => "O", T => "T", self() => "driver"},
    Trace = proc_ops(#{o => O, t => T, om => OM, tm => TM, kind => Kind, names => Names,
                       odead => false, tdead => false}, Ops, 1, []),
    [begin
         demonitor(M, [flush]),
         M2 = monitor(process, P),
         exit(P, kill),
         receive {'DOWN', M2, process, P, _} -> ok end
     end || {P, M} <- [{O, OM}, {T, TM}]],
    Trace.

%% Started by a helper that is gone at once, so that the driver's exit signals do not come from its parent.
start_server(Trap) ->
    Self = self(),
    spawn(fun() -> {ok, Pid} = gen_server:start(?MODULE, {server, Trap}, []), Self ! {server, Pid} end),
    receive {server, Pid} -> Pid end.

puppet(Trap) ->
    process_flag(trap_exit, Trap),
    put(trap, Trap),
    puppet_loop([], []).

puppet_loop(Got, Watching) ->
    receive
        {do, From, Cmd} ->
            {Reply, Watching1} = puppet_do(Cmd, Watching),
            From ! {done, self(), Reply},
            puppet_loop(Got, Watching1);
        {report, From, TDead, Names} ->
            Got1 = await_news(Got, TDead, Watching),
            From ! {report, self(), [describe(M, Names) || M <- lists:reverse(Got1)]},
            puppet_loop(Got1, Watching);
        {exit, Reason} ->
            exit(Reason);
        {sync, From} ->
            From ! {synced, self()},
            puppet_loop(Got, Watching);
        Other ->
            puppet_loop([Other | Got], Watching)
    end.

puppet_do({link, T}, W) -> link(T), {"ok", [{link, T} | W]};
puppet_do({unlink, T}, W) -> unlink(T), {"ok", [X || X <- W, X =/= {link, T}]};
puppet_do({monitor, T}, W) -> Ref = monitor(process, T), {"ok", [{monitor, T, Ref} | W]}.

%% When the target is dead, the observer waits for the news it must get of it (different senders give no
%% order between the driver's report request and the target's signals).
await_news(Got, false, _Watching) -> Got;
await_news(Got, {true, _}, Watching) ->
    lists:foldl(fun({link, T}, Acc) ->
                        Seen = [M || {'EXIT', From, _} = M <- Acc, From =:= T],
                        case get(trap) of
                            true when Seen =:= [] -> receive {'EXIT', T, _} = M -> [M | Acc] after 2000 -> Acc end;
                            _ -> Acc
                        end;
                   ({monitor, T, Ref}, Acc) ->
                        case [M || {'DOWN', R, _, _, _} = M <- Acc, R =:= Ref] of
                            [] -> receive {'DOWN', Ref, process, T, _} = M -> [M | Acc] after 2000 -> Acc end;
                            _ -> Acc
                        end
                end, Got, Watching).

describe({'EXIT', From, Reason}, Names) -> "EXIT from " ++ maps:get(From, Names, "other") ++ " " ++ preason(Reason);
describe({'DOWN', _, process, From, Reason}, Names) -> "DOWN of " ++ maps:get(From, Names, "other") ++ " " ++ preason(Reason);
describe(Other, _) -> io_lib:format("other ~w", [Other]).

preason({boom, _Stack}) -> "crash";
preason(boom) -> "boom";
%% A deliberate difference (docs/processes.md): link/1 to a dead pid raises noproc in a caller that does not
%% trap exits; fauxtp ends that caller with the exit signal noproc. Compared as the same ending.
preason({noproc, [{erlang, link, _, _} | _]}) -> "noproc";
preason({Error, [_ | _]}) when is_atom(Error) -> "error " ++ atom_to_list(Error);
preason(R) -> reason(R).

proc_ops(_S, [], _N, Acc) -> lists:reverse(Acc);
proc_ops(S, [Op | Rest], N, Acc) ->
    Result = proc_op(S, Op),
    {S1, State} = proc_settle(S),
    proc_ops(S1, Rest, N + 1, [lists:flatten(io_lib:format("~b ~s -> ~s | ~s", [N, proc_op_name(Op), Result, State])) | Acc]).

proc_op_name({exit_signal, R}) -> "exit_signal " ++ preason(R);
proc_op_name({self_exit, R}) -> "self_exit " ++ preason(R);
proc_op_name({call_stop, R}) -> "call_stop " ++ preason(R);
proc_op_name({gen_stop, R}) -> "gen_stop " ++ preason(R);
proc_op_name(Op) -> atom_to_list(Op).

proc_op(#{odead := {true, _}}, Op) when Op =:= link; Op =:= unlink; Op =:= monitor -> "observer_dead";
proc_op(#{o := O, om := OM, t := T}, Op) when Op =:= link; Op =:= unlink; Op =:= monitor ->
    O ! {do, self(), {Op, T}},
    receive
        {done, O, Reply} -> Reply;
        {'DOWN', OM, process, O, _} = D -> self() ! D, "observer_died"
    end;
proc_op(S = #{t := T}, {exit_signal, R}) -> exit(T, R), sync_target(S), "ok";
proc_op(S = #{t := T, kind := plain}, {self_exit, R}) -> T ! {exit, R}, sync_target(S), "ok";
proc_op(S = #{t := T, kind := server}, {self_exit, R}) -> gen_server:cast(T, {stop, R}), sync_target(S), "ok";
proc_op(#{t := T}, call_ping) -> call_result(catch gen_server:call(T, ping));
proc_op(#{t := T}, call_crash) -> call_result(catch gen_server:call(T, crash));
proc_op(#{t := T}, {call_stop, R}) -> call_result(catch gen_server:call(T, {stop, R}));
proc_op(#{t := T}, {gen_stop, R}) -> call_result(catch gen_server:stop(T, R, infinity)).

call_result(ok) -> "ok";
call_result(pong) -> "pong";
call_result({'EXIT', {Reason, _}}) -> "exit " ++ preason(Reason);
call_result({'EXIT', Reason}) -> "exit " ++ preason(Reason);
call_result(Other) -> io_lib:format("other ~w", [Other]).

%% After a signal to the target: it has either handled it (a report answers) or died (its DOWN came).
sync_target(#{tdead := {true, _}}) -> ok;
sync_target(#{t := T, tm := TM}) ->
    T ! {sync, self()},
    receive {'DOWN', TM, process, T, _} = D -> self() ! D; {synced, T} -> ok end.

proc_settle(S = #{t := T, tm := TM, o := O, om := OM, names := Names}) ->
    {TState, S1} = report(T, TM, false, Names, tdead, S),
    {OState, S2} = report(O, OM, maps:get(tdead, S1), Names, odead, S1),
    {S2, "O " ++ OState ++ "; T " ++ TState}.

report(P, M, TDead, Names, DeadKey, S) ->
    case maps:get(DeadKey, S) of
        {true, Reason} -> {"dead " ++ Reason, S};
        false ->
            P ! {report, self(), TDead, Names},
            receive
                {report, P, Got} -> {"alive [" ++ string:join(Got, ", ") ++ "]", S};
                {'DOWN', M, process, P, Reason} ->
                    R = preason(Reason),
                    {"dead " ++ R, S#{DeadKey := {true, R}}}
            end
    end.

%% gen_server callbacks of the target server.
server_init(Trap) -> process_flag(trap_exit, Trap), {ok, []}.
handle_call(ping, _From, S) -> {reply, pong, S};
handle_call(crash, _From, _S) -> erlang:error(boom);
handle_call({stop, R}, _From, S) -> {stop, R, ok, S}.
handle_cast({stop, R}, S) -> {stop, R, S}.
handle_info({sync, From}, S) -> From ! {synced, self()}, {noreply, S};
handle_info({report, From, _TDead, Names}, S) -> From ! {report, self(), [describe(M, Names) || M <- lists:reverse(S)]}, {noreply, S};
handle_info(Msg, S) -> {noreply, [Msg | S]}.
terminate(_Reason, _S) -> ok.
