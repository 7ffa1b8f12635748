package org.bson.types;

public final class Decimal128 extends Number {
    public Decimal128(long value) {}
    public static Decimal128 parse(String value) { return new Decimal128(0); }
    @Override public int intValue() { return 0; }
    @Override public long longValue() { return 0; }
    @Override public float floatValue() { return 0; }
    @Override public double doubleValue() { return 0; }
}
