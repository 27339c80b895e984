package dev.incognito.inference.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a GGUF v3 file: metadata, then tensor infos, then tensor data, each tensor aligned to
 * {@value GgufFile#DEFAULT_ALIGNMENT} bytes (little-endian throughout).
 *
 * <p>Metadata values take the Java types {@link GgufFile} reads: a {@link Number} for a scalar
 * integer type, {@link Float}/{@link Double}, {@link Boolean}, {@link String}, and for arrays
 * {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]} or {@code
 * String[]}. {@link #put(String, Object)} picks the GGUF type from the Java type; the typed {@code
 * put…} methods choose it explicitly (llama.cpp expects e.g. {@code uint32} for context lengths).
 *
 * <pre>{@code
 * new GgufWriter()
 *     .putString("general.architecture", "llama")
 *     .putUint32("llama.context_length", 512)
 *     .addTensor("token_embd.weight", GgmlType.F32, new long[] {64, 512}, bytes)
 *     .write(path);
 * }</pre>
 */
public final class GgufWriter {

  /** Writes the bytes of one tensor, exactly {@link TensorInfo#byteSize()} of them. */
  @FunctionalInterface
  public interface TensorBytes {
    void writeTo(OutputStream out) throws IOException;
  }

  private record Entry(GgufValueType type, GgufValueType elementType, Object value) {}

  private record Tensor(String name, GgmlType type, long[] dims, long bytes, TensorBytes data) {}

  private final Map<String, Entry> metadata = new LinkedHashMap<>();
  private final List<Tensor> tensors = new ArrayList<>();
  private final Set<String> tensorNames = new HashSet<>();
  private int alignment = GgufFile.DEFAULT_ALIGNMENT;

  /**
   * Sets the data alignment (a power of two); writes {@code general.alignment} unless it is the
   * default.
   */
  public GgufWriter alignment(int alignment) {
    if (alignment <= 0 || Integer.bitCount(alignment) != 1 || alignment > GgufFile.MAX_ALIGNMENT) {
      throw new IllegalArgumentException("alignment must be a power of two");
    }
    this.alignment = alignment;
    if (alignment != GgufFile.DEFAULT_ALIGNMENT) {
      putUint32("general.alignment", alignment);
    } else {
      metadata.remove("general.alignment");
    }
    return this;
  }

  /**
   * Adds a metadata value, choosing the GGUF type from the Java type: Integer → int32, Long →
   * int64, Short → int16, Byte → int8, Float → float32, Double → float64, Boolean → bool, String →
   * string, {@code int[]} → array of int32, {@code long[]} → array of int64, {@code float[]} →
   * array of float32, {@code double[]} → array of float64, {@code boolean[]} → array of bool,
   * {@code String[]} → array of string.
   */
  public GgufWriter put(String key, Object value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof Integer) {
      return put(key, GgufValueType.INT32, value);
    } else if (value instanceof Long) {
      return put(key, GgufValueType.INT64, value);
    } else if (value instanceof Short) {
      return put(key, GgufValueType.INT16, value);
    } else if (value instanceof Byte) {
      return put(key, GgufValueType.INT8, value);
    } else if (value instanceof Float) {
      return put(key, GgufValueType.FLOAT32, value);
    } else if (value instanceof Double) {
      return put(key, GgufValueType.FLOAT64, value);
    } else if (value instanceof Boolean) {
      return put(key, GgufValueType.BOOL, value);
    } else if (value instanceof String) {
      return put(key, GgufValueType.STRING, value);
    } else if (value instanceof int[]) {
      return putArray(key, GgufValueType.INT32, value);
    } else if (value instanceof long[]) {
      return putArray(key, GgufValueType.INT64, value);
    } else if (value instanceof float[]) {
      return putArray(key, GgufValueType.FLOAT32, value);
    } else if (value instanceof double[]) {
      return putArray(key, GgufValueType.FLOAT64, value);
    } else if (value instanceof boolean[]) {
      return putArray(key, GgufValueType.BOOL, value);
    } else if (value instanceof String[]) {
      return putArray(key, GgufValueType.STRING, value);
    }
    throw new IllegalArgumentException(
        "metadata key " + key + ": unsupported value type " + value.getClass().getName());
  }

  /** Adds a scalar metadata value of an explicit GGUF type (not {@code ARRAY}). */
  public GgufWriter put(String key, GgufValueType type, Object value) {
    Objects.requireNonNull(key, "key");
    if (type == GgufValueType.ARRAY) {
      throw new IllegalArgumentException("use putArray for arrays");
    }
    checkScalar(key, type, value);
    metadata.put(key, new Entry(type, null, value));
    return this;
  }

  /**
   * Adds an array metadata value with an explicit element type; {@code array} is an {@code int[]},
   * {@code long[]}, {@code float[]}, {@code double[]}, {@code boolean[]} or {@code String[]} whose
   * values fit the element type.
   */
  public GgufWriter putArray(String key, GgufValueType elementType, Object array) {
    Objects.requireNonNull(key, "key");
    if (elementType == GgufValueType.ARRAY) {
      throw new IllegalArgumentException("nested arrays are not written");
    }
    int n = java.lang.reflect.Array.getLength(array);
    for (int i = 0; i < n; i++) {
      checkScalar(key, elementType, java.lang.reflect.Array.get(array, i));
    }
    metadata.put(key, new Entry(GgufValueType.ARRAY, elementType, array));
    return this;
  }

  public GgufWriter putString(String key, String value) {
    return put(key, GgufValueType.STRING, value);
  }

  public GgufWriter putUint32(String key, long value) {
    return put(key, GgufValueType.UINT32, value);
  }

  public GgufWriter putInt32(String key, int value) {
    return put(key, GgufValueType.INT32, value);
  }

  public GgufWriter putUint64(String key, long value) {
    return put(key, GgufValueType.UINT64, value);
  }

  public GgufWriter putFloat32(String key, float value) {
    return put(key, GgufValueType.FLOAT32, value);
  }

  public GgufWriter putBool(String key, boolean value) {
    return put(key, GgufValueType.BOOL, value);
  }

  public GgufWriter putStringArray(String key, String... values) {
    return putArray(key, GgufValueType.STRING, values);
  }

  public GgufWriter putInt32Array(String key, int... values) {
    return putArray(key, GgufValueType.INT32, values);
  }

  public GgufWriter putFloat32Array(String key, float... values) {
    return putArray(key, GgufValueType.FLOAT32, values);
  }

  private static void checkScalar(String key, GgufValueType type, Object v) {
    boolean ok =
        switch (type) {
          case UINT8 -> v instanceof Number n && inRange(n, 0, 0xff);
          case INT8 -> v instanceof Number n && inRange(n, Byte.MIN_VALUE, Byte.MAX_VALUE);
          case UINT16 -> v instanceof Number n && inRange(n, 0, 0xffff);
          case INT16 -> v instanceof Number n && inRange(n, Short.MIN_VALUE, Short.MAX_VALUE);
          case UINT32 -> v instanceof Number n && inRange(n, 0, 0xffff_ffffL);
          case INT32 -> v instanceof Number n && inRange(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
          case UINT64, INT64 -> v instanceof Long || v instanceof Integer;
          case FLOAT32, FLOAT64 -> v instanceof Float || v instanceof Double;
          case BOOL -> v instanceof Boolean;
          case STRING -> v instanceof String;
          case ARRAY -> false;
        };
    if (!ok) {
      throw new IllegalArgumentException("metadata key " + key + ": value does not fit " + type);
    }
  }

  private static boolean inRange(Number n, long min, long max) {
    if (!(n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte)) {
      return false;
    }
    long l = n.longValue();
    return l >= min && l <= max;
  }

  /** Adds a tensor whose bytes are {@code data}'s remaining bytes (not consumed). */
  public GgufWriter addTensor(String name, GgmlType type, long[] dims, ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    return addTensor(
        name,
        type,
        dims,
        out -> {
          byte[] chunk = new byte[1 << 16];
          while (copy.hasRemaining()) {
            int k = Math.min(chunk.length, copy.remaining());
            copy.get(chunk, 0, k);
            out.write(chunk, 0, k);
          }
        },
        data.remaining());
  }

  /** Adds a tensor whose bytes {@code data} writes when the file is written. */
  public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorBytes data) {
    return addTensor(name, type, dims, data, -1);
  }

  private GgufWriter addTensor(
      String name, GgmlType type, long[] dims, TensorBytes data, long given) {
    if (!tensorNames.add(name)) {
      throw new IllegalArgumentException("duplicate tensor " + name);
    }
    // Validates shape and block multiple; offset is assigned when written.
    long bytes = new TensorInfo(name, type, dims, 0, sizeOf(name, type, dims)).byteSize();
    if (given >= 0 && given != bytes) {
      throw new IllegalArgumentException(
          "tensor " + name + ": " + given + " bytes given, shape needs " + bytes);
    }
    tensors.add(new Tensor(name, type, dims.clone(), bytes, data));
    return this;
  }

  private static long sizeOf(String name, GgmlType type, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor " + name + ": dimension " + d);
      }
      n = Math.multiplyExact(n, d);
    }
    if (dims.length == 0 || dims[0] % type.blockSize() != 0) {
      throw new IllegalArgumentException("tensor " + name + ": ne0 not whole blocks of " + type);
    }
    return type.byteSize(n);
  }

  /** Writes the file (replacing any existing one). */
  public void write(Path path) throws IOException {
    try (OutputStream raw = Files.newOutputStream(path);
        CountingStream out = new CountingStream(new BufferedOutputStream(raw, 1 << 16))) {
      out.u32(GgufFile.MAGIC);
      out.u32(3);
      out.u64(tensors.size());
      out.u64(metadata.size());
      for (Map.Entry<String, Entry> e : metadata.entrySet()) {
        out.string(e.getKey());
        Entry v = e.getValue();
        out.u32(v.type().id());
        if (v.type() == GgufValueType.ARRAY) {
          out.u32(v.elementType().id());
          int n = java.lang.reflect.Array.getLength(v.value());
          out.u64(n);
          for (int i = 0; i < n; i++) {
            out.scalar(v.elementType(), java.lang.reflect.Array.get(v.value(), i));
          }
        } else {
          out.scalar(v.type(), v.value());
        }
      }
      long offset = 0;
      for (Tensor t : tensors) {
        out.string(t.name());
        out.u32(t.dims().length);
        for (long d : t.dims()) {
          out.u64(d);
        }
        out.u32(t.type().id());
        out.u64(offset);
        offset = alignUp(offset + t.bytes(), alignment);
      }
      out.pad(alignment);
      for (Tensor t : tensors) {
        long start = out.count;
        t.data().writeTo(out);
        long written = out.count - start;
        if (written != t.bytes()) {
          throw new IOException(
              "tensor " + t.name() + ": wrote " + written + " bytes, shape needs " + t.bytes());
        }
        out.pad(alignment);
      }
    }
  }

  private static long alignUp(long x, int a) {
    return (x + a - 1) / a * a;
  }

  /** Little-endian primitives over a stream that counts bytes written. */
  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    void u16(int v) throws IOException {
      write(v);
      write(v >>> 8);
    }

    void u32(int v) throws IOException {
      u16(v);
      u16(v >>> 16);
    }

    void u64(long v) throws IOException {
      u32((int) v);
      u32((int) (v >>> 32));
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u64(b.length);
      write(b, 0, b.length);
    }

    void pad(int alignment) throws IOException {
      while (count % alignment != 0) {
        write(0);
      }
    }

    void scalar(GgufValueType type, Object v) throws IOException {
      switch (type) {
        case UINT8, INT8 -> write(((Number) v).intValue());
        case UINT16, INT16 -> u16(((Number) v).intValue());
        case UINT32, INT32 -> u32(((Number) v).intValue());
        case UINT64, INT64 -> u64(((Number) v).longValue());
        case FLOAT32 -> u32(Float.floatToRawIntBits(((Number) v).floatValue()));
        case FLOAT64 -> u64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
        case BOOL -> write((Boolean) v ? 1 : 0);
        case STRING -> string((String) v);
        case ARRAY -> throw new AssertionError();
      }
    }
  }
}
