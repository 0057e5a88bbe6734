package io.fauxtp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What loading accepts (the grammar of otf's load_text) and how it reports what it does not. */
class TextLoadTest {

    @Test
    void constantsAndTheirJavaTypes() {
        assertThat(Text.load("5")).isEqualTo(5L);
        assertThat(Text.load("+5")).isEqualTo(5L);
        assertThat(Text.load("-5")).isEqualTo(-5L);
        assertThat(Text.load("- 5")).isEqualTo(-5L);
        assertThat(Text.load("nan")).isEqualTo(Double.NaN);
        assertThat(Text.load("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Text.load("+inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Text.load("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Text.load("-0.0")).isEqualTo(-0.0);
        assertThat(Text.load("[None, True, False]")).isEqualTo(Arrays.asList(null, true, false));
        assertThat(Text.load("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Text.load("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Text.load("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Text.load("-9223372036854775809")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(Text.load("[999999999999999999, 1000000000000000000, -9223372036854775807, 10000000000000000000]"))
                .isEqualTo(List.of(999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -Long.MAX_VALUE,
                        new BigInteger("10000000000000000000")));
        assertThat(Text.load("[0x_ff, 0o17, 0b101, 1_000_000, 1_0.5e1_0, .5, 5., 1E3]"))
                .isEqualTo(List.of(255L, 15L, 5L, 1_000_000L, 10.5e10, 0.5, 5.0, 1000.0));
        assertThat(Text.load("b'\\x00\\xffa'")).isEqualTo(Bytes.of((byte) 0, (byte) 0xff, (byte) 'a'));
        assertThat(Text.load("'é\\u00e9\\N{LATIN SMALL LETTER E WITH ACUTE}\\U0001F600\\x41\\101\\n'"))
                .isEqualTo("ééé😀AA\n");
        assertThat(Text.load("r'\\n\\''")).isEqualTo("\\n\\'");
        assertThat(Text.load("'''a\n'b'\"\"\"'''")).isEqualTo("a\n'b'\"\"\"");
    }

    @Test
    void decimalFractionsReadExactlyAsJavaAndPythonParseThem() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            String text = switch (i % 6) {
                case 0 -> random.nextInt(1_000_000) + "." + random.nextInt(1_000_000_000);
                case 1 -> "0.0" + Math.abs(random.nextLong() % 1_000_000_000_000L);
                case 2 -> "." + random.nextInt(100_000);
                // 16 to 18 significant digits, on both sides of 2^53 (the fast path's bound)
                case 3 -> Double.toString(Math.abs(random.nextGaussian()) * Math.pow(10, random.nextInt(8)));
                case 4 -> {
                    String digits = Long.toString((1L << 53) - 50_000 + random.nextInt(100_000))
                            + random.nextInt(100);
                    int dot = 1 + random.nextInt(digits.length() - 1);
                    yield digits.substring(0, dot) + "." + digits.substring(dot);
                }
                default -> Long.toString(Math.abs(random.nextLong()) % 100_000_000_000_000L) + ".";
            };
            assertThat(Text.load(text)).as(text).isEqualTo(Double.parseDouble(text));
            assertThat(Text.load("-" + text)).as(text).isEqualTo(-Double.parseDouble(text));
        }
        assertThat(Text.load("[0.1, 123456789012.345, 1.000000000000001, 007.5]"))
                .isEqualTo(List.of(0.1, 123456789012.345, 1.000000000000001, 7.5));
        assertThatThrownBy(() -> Text.load("0x\u0663")).isInstanceOf(TextFormatException.class);
    }

    @Test
    void fractionsOfNineteenDigitsAfterALoneDotReadAsJavaParsesThem() {
        // No digit before the dot leaves room for 19 after it: the fast path divides by 10^19 (found by Jazzer).
        assertThat(Text.load("+.0000000000044073709")).isEqualTo(Double.parseDouble(".0000000000044073709"));
        java.util.Random random = new java.util.Random(19);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder digits = new StringBuilder();
            for (int d = 0, n = 17 + random.nextInt(3); d < n; d++) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            String text = "." + digits;
            assertThat(Text.load(text)).as(text).isEqualTo(Double.parseDouble(text));
            assertThat(Text.load("-" + text)).as(text).isEqualTo(-Double.parseDouble(text));
        }
    }

    @Test
    void loadedContainersAreMutableAndKeepOrder() {
        Object v = Text.load("{'b': [1], 'a': set([3, 1, 2]), 'c': tuple([1, 'x'])}");
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "c");
        assertThat(m.get("b")).isInstanceOf(ArrayList.class);
        assertThat(m.get("a")).isInstanceOf(LinkedHashSet.class);
        assertThat(new ArrayList<Object>((Set<?>) m.get("a"))).containsExactly(3L, 1L, 2L);
        assertThat(m.get("c")).isEqualTo(Tuple.of(1L, "x"));
    }

    @Test
    void commentsBlankLinesTrailingCommasAndImplicitConcatenation() {
        Object v = Text.load("""

                # You can have comments in the values you load
                {
                   tuple([2, 1]): 5,   # a comment after a value
                   tuple([3, 1]): 13,
                   tuple([4, 1]): 65_533,
                   'joined': 'a' "b"
                      'c',
                }
                """);
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(Tuple.of(2L, 1L), 5L);
        expected.put(Tuple.of(3L, 1L), 13L);
        expected.put(Tuple.of(4L, 1L), 65533L);
        expected.put("joined", "abc");
        assertThat(v).isEqualTo(expected);
        assertThat(Text.load("[1, 2,]")).isEqualTo(List.of(1L, 2L));
        assertThat(Text.load("b'a' b'b'")).isEqualTo(Bytes.of((byte) 'a', (byte) 'b'));
    }

    @Test
    void literalsTakenFromThePreScanKeepTheirTextAndOnlyTheirs() {
        // the loader takes a one-line literal without a backslash as the slice the bracket pre-scan found; every
        // other literal is still read character by character: each kind next to a plain one, in a binding's
        // expression too (read out of document order), with brackets, '#' and the other quote inside
        String doc = """
                s = ['a(b', "c'd", 'e\\'f', '#{', b'g']
                [s, 'h' "i", '''j
                k''', 'l\\nm', r'n\\o', 'p', "", '', b'q\\x41', '日本語 ]', s]
                """;
        List<Object> shared = List.of("a(b", "c'd", "e'f", "#{", Bytes.of("g".getBytes()));
        assertThat(Text.load(doc)).isEqualTo(List.of(shared, "hi", "j\nk", "l\nm", "n\\o", "p", "", "",
                Bytes.of("qA".getBytes()), "日本語 ]", shared));
    }

    @Test
    void tupleAndSetLiteralsCountTwoNodesLikeTheCallsTheyStandFor() {
        assertThat(Text.load("()")).isEqualTo(Tuple.of());
        assertThat(Text.load("(1,)")).isEqualTo(Tuple.of(1L));
        assertThat(Text.load("(1, 2, 3)")).isEqualTo(Tuple.of(1L, 2L, 3L));
        assertThat(Text.load("(1)")).isEqualTo(1L);
        assertThat(Text.load("{1, 2}")).isEqualTo(new LinkedHashSet<>(List.of(1L, 2L)));
        // otf's bug: 'a = (1,); [a, a]' loaded as [(1,), [1]]. Here both uses are the same tuple.
        List<?> pair = (List<?>) Text.load("a = (1,)\n[a, a]");
        assertThat(pair.get(0)).isEqualTo(Tuple.of(1L)).isSameAs(pair.get(1));
        // a literal and its call spelling number the nodes the same way
        assertThat(Text.load("[(1, 2), ref(4)]")).isEqualTo(Text.load("[tuple([1, 2]), ref(4)]"));
        assertThat(Text.load("[{7}, ref(3)]")).isEqualTo(Text.load("[set([7]), ref(3)]"));
        // a reference inside the first element of a literal, counted from the tuple's own two nodes
        List<?> v = (List<?>) Text.load("[[5], (ref(4), 2)]");
        assertThat(((Tuple) v.get(1)).get(0)).isSameAs(v.get(0));
        assertThatThrownBy(() -> Text.load("[5, (ref(1), 2)]")).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("not finished");
        // big first elements: the loader classifies the brackets first instead of shifting nodes
        String numbers = java.util.stream.IntStream.range(0, 5_000).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        Tuple big = (Tuple) Text.load("((" + numbers + "), ref(5002))");
        assertThat(big.get(1)).isSameAs(big.get(0));
        assertThat(((Tuple) big.get(0)).size()).isEqualTo(5_000);
        assertThat(Text.load("{(" + numbers + "), 7}")).isEqualTo(Text.load("set([tuple([" + numbers + "]), 7])"));
    }

    @Test
    void sharedReferencesLoadAsTheSameObject() {
        List<?> v = (List<?>) Text.load("[[], ref(1), ref(1)]");
        assertThat(v.get(0)).isSameAs(v.get(1)).isSameAs(v.get(2));
        List<?> w = (List<?>) Text.load("[{'nan': nan, '1_5': [1, 2, 3, 4, 5]}, ref(10)]");
        assertThat(w.get(0)).isSameAs(w.get(1));
        Map<?, ?> m = (Map<?, ?>) Text.load("{1: [], 2: ref(2)}");
        assertThat(m.get(1L)).isSameAs(m.get(2L));
        Map<?, ?> keys = (Map<?, ?>) Text.load(
                "{tuple([0, 1]): tuple([1, 2]), ref(4): tuple([2, 3]), ref(4): tuple([3, 4])}");
        assertThat(keys).hasSize(3);
        assertThat(keys.get(Tuple.of(1L, 2L))).isEqualTo(Tuple.of(2L, 3L));
    }

    @Test
    void badReferencesAreErrorsNotWrapAroundsOrNones() {
        assertThatThrownBy(() -> Text.load("[1, ref(0)]")).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Text.load("[1, 2, ref(4)]")).isInstanceOfSatisfying(TextFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(12);
            assertThat(e.reason()).contains("before the start of the document");
        });
        assertThatThrownBy(() -> Text.load("[ref(1)]")).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("line 1, column 1, which is not finished yet");
        assertThatThrownBy(() -> Text.load("[1, ref(-1)]")).isInstanceOf(TextFormatException.class)
                .hasMessageContaining("whole number N >= 1");
    }

    @Test
    void thePreludeOfTheExecutableFormat() {
        // otf's EXECUTABLE example: shared nodes hoisted into bindings, non-finite floats as float("...")
        Object v = Text.load("""
                import otf
                import math, os.path

                _0 = {
                    'nan': float("nan"),
                    '1_5': [1, 2, 3, 4, 5]
                }

                [_0, _0]
                """);
        Object compact = Text.load("[{'nan': nan, '1_5': [1, 2, 3, 4, 5]}, ref(10)]");
        assertThat(v).isEqualTo(compact);
        assertThat(((List<?>) v).get(0)).isSameAs(((List<?>) v).get(1));
        // later uses are references back to the previous use: the counting continues across them
        List<?> w = (List<?>) Text.load("a = 5\nb: list = [a, a]\n[b, ref(3), a]");
        assertThat(w).isEqualTo(List.of(List.of(5L, 5L), List.of(5L, 5L), 5L));
        assertThat(w.get(0)).isSameAs(w.get(1));
        assertThat(Text.load("_1 = {}; _2 = tuple([_1, _1]); [_2, _2, -float('inf')]"))
                .isEqualTo(List.of(Tuple.of(Map.of(), Map.of()), Tuple.of(Map.of(), Map.of()),
                        Double.NEGATIVE_INFINITY));
        // bindings that are never used are still parsed and checked (TextHostileInputTest)
        assertThat(Text.load("a = [1, 2]\n5")).isEqualTo(5L);
    }

    @Test
    void preludeErrorsNameTheProblem() {
        assertError("a = 5", "must be an expression");
        assertError("", "empty document");
        assertError("# only a comment\n", "empty document");
        assertError("import a as b\n5", "`import ... as` is not supported");
        assertError("from a import b\n5", "`from ... import` is not supported");
        assertError("5\n6", "only allowed as the last statement");
        assertError("a = b = 5\na", "multiple targets");
        assertError("a.b = 5\n5", "only assigning to top level variables");
        assertError("nan = 5\n5", "'nan' is a reserved keyword");
        assertError("ref = 5\n5", "'ref' is a reserved keyword");
        assertError("a = 1\na = 2\na", "cannot rebind a variable");
        assertError("a = 1\nimport b\na", "cannot import after declaring variables");
        assertError("import a\na = 1\na", "already used by an import");
        assertError("x: int\n5", "only bindings");
        assertError("[x]", "unbound variable 'x'");
        assertError("import os\nos", "cannot reference an imported module");
        assertError("a = a\na", "circular reference");
        assertError("a = b\nb = 1\na", "isn't defined yet");
    }

    @Test
    void syntaxErrorsCarryLineColumnAndTheLine() {
        TextFormatException e = error("{\n  'a': 1,\n  'b' 2\n}");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(7);
        assertThat(e.getMessage()).isEqualTo("""
                line 3, column 7: expected ':' after the dict key, found '2'
                    'b' 2
                        ^""");
        assertError("{**x}", "dict expansion");
        assertError("5 + 5", "after the value");
        assertError("a['a'](5)", "unbound variable 'a'");
        assertError("list(*x)", "unpacking");
        assertError("[1, 2", "this '[' is never closed");
        assertError("[1, 2\n", "line 1, column 1");
        assertError("'abc", "unterminated string literal");
        assertError("'a\nb'", "unterminated string literal");
        assertError("f'x'", "f-strings are not supported");
        assertError("1j", "complex numbers");
        assertError("0123", "leading zeros");
        assertError("1__0", "between two digits");
        assertError("--5", "a sign");
        assertError("-True", "a sign");
        assertError("b'é'", "ASCII");
        assertError("'a' b'b'", "cannot mix bytes");
        assertError("os.path", "attribute access");
        // None, True, False, nan and inf are read from the characters: a longer name or a dotted one is no constant
        assertError("None.x", "attribute access");
        assertError("True.real", "attribute access");
        assertError("[Nonex]", "unbound variable 'Nonex'");
        assertError("[False_]", "unbound variable 'False_'");
        assertError("[infinity]", "unbound variable 'infinity'");
        assertError("{[1]: 2}", "cannot be a dict key");
        assertError("set([[1]])", "cannot be a set element");
        assertError("{tuple([[1]]): 2}", "tuple that contains a list");
        assertError("float('5')", "float(");
        assertError("'\\N{NO SUCH NAME}'", "unknown Unicode character name");
        assertError("f(a=1, 2)", "positional argument follows keyword argument");
        assertError("[1 2]", "expected ',' or ']'");
        assertError("...", "unexpected '.'");
    }

    @Test
    void unknownConstructorsAreErrorsAndNothingIsLookedUpByName() {
        assertError("os.system('rm -rf /')", "unknown constructor 'os.system'");
        assertError("java.lang.Runtime.getRuntime()", "unknown constructor 'java.lang.Runtime.getRuntime'");
        assertError("eval('1+1')", "only registered types can be loaded");
    }

    @Test
    void loadWithATypeChecksTheValue() {
        List<?> list = TextCodec.standard().load("[1]", List.class);
        Object first = list.get(0);
        assertThat(list).hasSize(1);
        assertThat(first).isEqualTo(1L);
        assertThatThrownBy(() -> TextCodec.standard().load("  {}", List.class))
                .isInstanceOfSatisfying(TextFormatException.class, e -> {
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.reason()).isEqualTo("expected the document to hold a List, it holds a LinkedHashMap");
                });
    }

    private static void assertError(String text, String fragment) {
        assertThat(error(text).getMessage()).as(text).containsIgnoringCase(fragment);
    }

    private static TextFormatException error(String text) {
        try {
            Object v = Text.load(text);
            throw new AssertionError("expected an error for " + text + ", loaded " + v);
        } catch (TextFormatException e) {
            return e;
        }
    }
}
