package io.realm;

public class RealmDictionary<V> extends java.util.AbstractMap<String, V> {
    public RealmDictionary() {}
    @Override public java.util.Set<java.util.Map.Entry<String, V>> entrySet() { throw new UnsupportedOperationException(); }
}
