package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call's arguments are its own: one copy, kept unmodifiable, whatever list or array they came from. */
class CallTest {

    @Test
    void varargsArrayChangedAfterwardsDoesNotChangeTheCall() {
        Object[] args = {1L, "a", null};
        Call call = Call.of("app.Thing", args);
        args[0] = 2L;
        args[2] = "late";
        assertThat(call.args()).containsExactly(1L, "a", null);
    }

    @Test
    void listChangedAfterwardsDoesNotChangeTheCall() {
        ArrayList<Object> args = new ArrayList<>(List.of(1L, "a"));
        Call call = new Call("app.Thing", args, Map.of());
        args.set(0, 2L);
        args.add("more");
        assertThat(call.args()).containsExactly(1L, "a");
    }

    @Test
    void aListThatKeepsTheArrayItReturnsCannotChangeTheCall() {
        Object[] backing = {1L, "a"};
        // toArray breaks its contract here, returning the array it keeps: the call must still copy it
        List<Object> leaky = new AbstractList<>() {
            @Override
            public Object get(int index) {
                return backing[index];
            }

            @Override
            public int size() {
                return backing.length;
            }

            @Override
            public Object[] toArray() {
                return backing;
            }
        };
        Call call = new Call("app.Thing", leaky, Map.of());
        backing[0] = 2L;
        assertThat(call.args()).containsExactly(1L, "a");
    }

    @Test
    void argumentsCannotBeChangedThroughTheCall() {
        Call call = Call.of("app.Thing", 1L, "a");
        assertThatThrownBy(() -> call.args().set(0, 2L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> call.args().add(3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> call.args().remove(0)).isInstanceOf(UnsupportedOperationException.class);
        Object[] array = call.args().toArray();
        array[0] = 2L;
        assertThat(call.args()).containsExactly(1L, "a");
    }

    @Test
    void argumentsEqualAndHashLikeAnyListOfTheSameElements() {
        Call call = Call.of("app.Thing", 1L, null, "a");
        List<Object> same = Arrays.asList(1L, null, "a");
        assertThat(call.args()).isEqualTo(same);
        assertThat(call.args().hashCode()).isEqualTo(same.hashCode());
        assertThat(call).isEqualTo(new Call("app.Thing", new ArrayList<>(same), Map.of()));
        assertThat(call.args()).hasToString("[1, null, a]");
        assertThat(Call.of("app.Thing").args()).isEmpty();
    }
}
