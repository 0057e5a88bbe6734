package io.fauxtp.text.internal;

import java.util.Set;

/** Rules for constructor and keyword names: what Python's parser (and so otf) would accept. */
public final class Names {

    /** Python keywords: not usable as a name part (Python could not parse the text). */
    static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield");

    /** Names the format itself gives a meaning. */
    static final Set<String> RESERVED = Set.of("ref", "nan", "inf", "tuple", "set", "float");

    private Names() {}

    /** {@code true} for an ASCII Python identifier that is not a keyword. */
    public static boolean isIdentifier(String s) {
        if (s.isEmpty() || PYTHON_KEYWORDS.contains(s)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Checks a name for a custom constructor: dotted identifiers, not one of the format's own names. */
    public static String requireConstructorName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("a constructor name is required, got null");
        }
        if (!isDottedName(name)) {
            throw new IllegalArgumentException("constructor name '" + name + "' must be dotted ASCII identifiers "
                    + "such as 'shop.Order' (no Python keywords), so that the text stays valid Python syntax");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("constructor name '" + name + "' is reserved by the text format "
                    + "(ref, nan, inf, tuple, set, float): choose a qualified name such as 'app." + name + "'");
        }
        return name;
    }

    /** {@code true} for {@code a}, {@code a.b.c} where every part is an identifier. */
    public static boolean isDottedName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (!isIdentifier(part)) {
                return false;
            }
        }
        return true;
    }
}
