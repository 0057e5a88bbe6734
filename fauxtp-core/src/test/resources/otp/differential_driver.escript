#!/usr/bin/env escript
%% The Erlang/OTP side of fauxtp's differential tests (io.fauxtp.otp.*DifferentialTest).
%% Reads one scenario per line on standard input (an Erlang term ending with a dot), runs it through OTP's own
%% supervisor (or plain processes), and prints its trace: one line per operation, then "end". The Java side runs
%% the same scenario through fauxtp and prints the same trace; any difference is a divergence. Traces hold no
%% pids and no times: children are named by id and counted by successful starts.
-mode(compile).
-behaviour(supervisor).
-export([main/1, init/1, child_start/3, child_loop/0]).

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
