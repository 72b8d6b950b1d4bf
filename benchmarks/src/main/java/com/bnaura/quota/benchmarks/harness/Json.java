package com.bnaura.quota.benchmarks.harness;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** A small JSON writer for the results: maps, collections, strings, numbers, booleans and null. */
final class Json {
  private Json() {}

  /** {@code value} as indented JSON. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.append('\n').toString();
  }

  private static void write(StringBuilder out, Object value, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        out.append("null");
      } else {
        out.append(statistic(d));
      }
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        indent(out, depth + 1);
        string(out, String.valueOf(e.getKey()));
        out.append(": ");
        write(out, e.getValue(), depth + 1);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      indent(out, depth);
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      Iterator<?> it = list.iterator();
      while (it.hasNext()) {
        indent(out, depth + 1);
        write(out, it.next(), depth + 1);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      indent(out, depth);
      out.append(']');
    } else if (value instanceof Enum<?> e) {
      string(out, e.name());
    } else {
      string(out, value.toString());
    }
  }

  /**
   * A statistic, rounded for reading: three decimals from 1 up (latencies in µs, ops/s, ratios),
   * six significant digits below 1 (so a hit rate of 0.99956 stays 0.99956).
   */
  static String statistic(double d) {
    BigDecimal value = BigDecimal.valueOf(d);
    BigDecimal rounded = Math.abs(d) >= 1 ? value.setScale(3, RoundingMode.HALF_UP)
        : value.round(new MathContext(6, RoundingMode.HALF_UP));
    return rounded.stripTrailingZeros().toPlainString();
  }

  private static void indent(StringBuilder out, int depth) {
    out.append("  ".repeat(depth));
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
