package io.realm;

public abstract class MutableRealmInteger implements Comparable<MutableRealmInteger> {
    public static MutableRealmInteger valueOf(Long value) { throw new UnsupportedOperationException(); }
    public static MutableRealmInteger valueOf(long value) { throw new UnsupportedOperationException(); }
    public static MutableRealmInteger valueOf(String value) { throw new UnsupportedOperationException(); }
    public static MutableRealmInteger ofNull() { throw new UnsupportedOperationException(); }
}
