package io.fauxtp.sample.web;

import io.fauxtp.process.Pid;
import io.fauxtp.sample.account.AccountService;
import io.fauxtp.sample.account.Usage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The account counters over HTTP. */
@RestController
@RequestMapping("/accounts")
class AccountController {

    /** What {@code POST /accounts/{name}/crash} answers: the pid that was told to crash. */
    record Crashed(String account, String pid) {
    }

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Counts a use: 200 when allowed, 429 when the account is over its limit. */
    @PostMapping("/{name}/use")
    ResponseEntity<Usage> use(@PathVariable String name) {
        Usage usage = accounts.use(name);
        return ResponseEntity.status(usage.allowed() ? HttpStatus.OK : HttpStatus.TOO_MANY_REQUESTS).body(usage);
    }

    @GetMapping("/{name}")
    Usage usage(@PathVariable String name) {
        return accounts.usage(name);
    }

    /** Crashes the account's process on purpose: its supervisor restarts it (with a fresh window). */
    @PostMapping("/{name}/crash")
    ResponseEntity<Crashed> crash(@PathVariable String name) {
        Pid pid = accounts.crash(name);
        return ResponseEntity.accepted().body(new Crashed(name, pid.toString()));
    }
}
