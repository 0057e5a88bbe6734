package io.fauxtp.sample.account;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.Pid;
import io.fauxtp.sample.chat.ChatRequest;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ServerRef;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Reaches the account counters by registered name ({@code account-<name>}) through the {@link FauxtpTemplate},
 * and reports accounts over their limit in the {@code ops} chat room through its injected {@link ServerRef}.
 */
@Service
public class AccountService {

    private final FauxtpTemplate fauxtp;
    private final ServerRef opsRoom;

    public AccountService(FauxtpTemplate fauxtp, @Qualifier("room-ops") ServerRef opsRoom) {
        this.fauxtp = fauxtp;
        this.opsRoom = opsRoom;
    }

    /** Counts one use of {@code account}. */
    public Usage use(String account) {
        Usage usage = call(account, new AccountRequest.Use());
        if (!usage.allowed()) {
            opsRoom.call(new ChatRequest.Post("rate-limiter",
                    "account " + account + " is over its limit of " + usage.limit() + ", @oncall"), Object.class);
        }
        return usage;
    }

    /** The current use of {@code account}. */
    public Usage usage(String account) {
        return call(account, new AccountRequest.Get());
    }

    /** Makes the process of {@code account} crash; returns the pid it had. */
    public Pid crash(String account) {
        Pid pid = pid(account);
        fauxtp.cast(pid, new AccountRequest.Crash("asked by POST /accounts/" + account + "/crash"));
        return pid;
    }

    /** The pid of the process now serving {@code account}. */
    public Pid pid(String account) {
        return whereis(account).orElseThrow(() -> unknown(account));
    }

    private Optional<Pid> whereis(String account) {
        return fauxtp.whereis(processName(account));
    }

    private Usage call(String account, AccountRequest request) {
        try {
            return fauxtp.call(processName(account), request, Usage.class);
        } catch (CallExitException e) {
            if (whereis(account).isEmpty()) {
                throw unknown(account);
            }
            throw e;
        }
    }

    private static NoSuchElementException unknown(String account) {
        return new NoSuchElementException("no account '" + account + "': accounts are the children named account-<name>"
                + " of the 'accounts' supervisor in application.yml");
    }

    private static String processName(String account) {
        return "account-" + account;
    }
}
