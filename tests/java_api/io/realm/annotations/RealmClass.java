package io.realm.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Inherited
public @interface RealmClass {
    String value() default "";
    String name() default "";
    RealmNamingPolicy fieldNamingPolicy() default RealmNamingPolicy.NO_POLICY;
    boolean embedded() default false;
}
