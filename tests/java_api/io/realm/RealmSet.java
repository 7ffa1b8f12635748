package io.realm;

public class RealmSet<E> extends java.util.AbstractSet<E> {
    public RealmSet() {}
    @Override public java.util.Iterator<E> iterator() { throw new UnsupportedOperationException(); }
    @Override public int size() { return 0; }
}
