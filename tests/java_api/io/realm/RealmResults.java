package io.realm;

public class RealmResults<E> extends java.util.AbstractList<E> {
    @Override public E get(int i) { throw new UnsupportedOperationException(); }
    @Override public int size() { return 0; }
}
