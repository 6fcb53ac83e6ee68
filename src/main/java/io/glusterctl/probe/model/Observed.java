package io.glusterctl.probe.model;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result of looking at something: either it is {@link Known}, or it is {@link Unknown} with the
 * reason it could not be seen. An observation that failed is never an empty one: nothing is probed,
 * detached or repaired on the basis of an Unknown.
 */
public sealed interface Observed<T> permits Observed.Known, Observed.Unknown {

  static <T> Observed<T> known(T value) {
    return new Known<>(value);
  }

  static <T> Observed<T> unknown(String why) {
    return new Unknown<>(why);
  }

  record Known<T>(T value) implements Observed<T> {
    public Known {
      Objects.requireNonNull(value, "value");
    }
  }

  record Unknown<T>(String why) implements Observed<T> {
    public Unknown {
      Objects.requireNonNull(why, "why");
    }
  }

  default boolean isKnown() {
    return this instanceof Known;
  }

  default Optional<T> known() {
    return this instanceof Known<T> k ? Optional.of(k.value()) : Optional.empty();
  }

  /** Why this is Unknown, or empty when it is Known. */
  default Optional<String> unknownWhy() {
    return this instanceof Unknown<T> u ? Optional.of(u.why()) : Optional.empty();
  }

  default <R> Observed<R> map(Function<? super T, ? extends R> f) {
    if (this instanceof Known<T> k) {
      return new Known<>(f.apply(k.value()));
    }
    return new Unknown<>(((Unknown<T>) this).why());
  }
}
