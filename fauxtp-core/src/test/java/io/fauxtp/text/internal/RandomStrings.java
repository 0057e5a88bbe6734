package io.fauxtp.text.internal;

import java.util.SplittableRandom;

/** Random strings for the dumper's tests. */
public final class RandomStrings {

    private RandomStrings() {}

    /** Random strings of the characters a repr treats differently, each kind as likely as plain ASCII. */
    public static String of(SplittableRandom random, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            switch (random.nextInt(12)) {
                case 0, 1, 2 -> b.append((char) random.nextInt(0x20, 0x7f));
                case 3 -> b.append("'\"\\".charAt(random.nextInt(3)));
                case 4 -> b.append((char) random.nextInt(0x20)).append(random.nextBoolean() ? "\u007f" : "");
                case 5 -> b.append((char) random.nextInt(0x80, 0x100));
                case 6 -> b.append((char) random.nextInt(0x100, 0xd800));
                case 7 -> b.append((char) random.nextInt(0xe000, 0x10000));
                case 8 -> b.append((char) random.nextInt(0xd800, 0xe000)); // a lone surrogate
                case 9 -> b.appendCodePoint(random.nextInt(0x10000, 0x110000));
                case 10 -> b.appendCodePoint(random.nextInt(0x1f300, 0x1fa00)); // printable, mostly
                default -> b.append(random.nextBoolean() ? '\n' : '\t');
            }
        }
        return b.toString();
    }
}
