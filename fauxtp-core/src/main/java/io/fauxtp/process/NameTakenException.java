package io.fauxtp.process;

/** {@link Registry#register} was asked for a name that a live process already has. */
public class NameTakenException extends IllegalStateException {
    private final String name;
    private final transient Pid holder;

    public NameTakenException(String name, Pid holder) {
        super("name '" + name + "' is already registered to " + holder
                + "; unregister it first or choose another name");
        this.name = name;
        this.holder = holder;
    }

    public String name() {
        return name;
    }

    /** The process holding the name. */
    public Pid holder() {
        return holder;
    }
}
