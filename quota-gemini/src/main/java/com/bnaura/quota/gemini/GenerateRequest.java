package com.bnaura.quota.gemini;

import com.bnaura.quota.gemini.internal.Endpoints;
import com.bnaura.quota.gemini.internal.GeminiJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One {@code generateContent} request: a model, an optional system instruction, the parts of one
 * user turn (text and inline images), and optionally a JSON response schema.
 *
 * <pre>{@code
 * GenerateRequest request = GenerateRequest.builder("gemini-3.8-flash")
 *     .systemInstruction("Answer in one sentence.")
 *     .text("Why does skin lose volume with age?")
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} names the model and the kinds and sizes of the parts, never their
 * content: prompts carry health data.
 *
 * @param model the model id, such as {@code gemini-3.8-flash}
 * @param systemInstruction the system instruction, or {@code null}
 * @param parts the parts of the user turn, at least one
 * @param responseMimeType the response MIME type ({@code application/json} for structured
 *     output), or {@code null} for plain text
 * @param responseSchema the response schema as JSON text (the OpenAPI-subset {@code
 *     responseSchema}), or {@code null}; requires {@code responseMimeType} {@code application/json}
 * @param responseJsonSchema the response schema as JSON text in JSON Schema ({@code
 *     responseJsonSchema}, the alternative the current API documents), or {@code null}; requires
 *     {@code application/json}, and excludes {@code responseSchema}
 * @param settings the thinking level or budget, the output limit and the media resolution; {@link
 *     OperationSettings#NONE} leaves them to the model
 */
public record GenerateRequest(
    String model,
    String systemInstruction,
    List<Part> parts,
    String responseMimeType,
    String responseSchema,
    String responseJsonSchema,
    OperationSettings settings) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the model id is malformed, there are no parts, or a schema
   *     is given without {@code application/json} or is not a JSON object
   */
  public GenerateRequest {
    model = Endpoints.model(model);
    parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one part");
    }
    if (responseSchema != null && responseJsonSchema != null) {
      throw new IllegalArgumentException(
          "a request takes a responseSchema or a responseJsonSchema, not both");
    }
    for (String[] schema : new String[][] {{"responseSchema", responseSchema},
        {"responseJsonSchema", responseJsonSchema}}) {
      if (schema[1] == null) {
        continue;
      }
      if (!"application/json".equals(responseMimeType)) {
        throw new IllegalArgumentException(
            "a " + schema[0] + " needs responseMimeType application/json, was "
                + responseMimeType);
      }
      GeminiJson.requireObject(schema[0], schema[1]);
    }
    settings = settings == null ? OperationSettings.NONE : settings;
  }

  /** Whether the user turn carries inline data such as an image. */
  public boolean hasInlineData() {
    return parts.stream().anyMatch(p -> !p.isText());
  }

  /** A builder for a request to {@code model}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** Names the model and the kinds and sizes of the parts, never their content. */
  @Override
  public String toString() {
    return "GenerateRequest{model=" + model + ", parts=" + parts
        + (systemInstruction != null ? ", systemInstruction=" + systemInstruction.length() + " chars"
            : "")
        + (responseMimeType != null ? ", responseMimeType=" + responseMimeType : "")
        + (responseSchema != null ? ", schema" : "")
        + (responseJsonSchema != null ? ", jsonSchema" : "")
        + (settings.equals(OperationSettings.NONE) ? "" : ", " + settings) + "}";
  }

  /**
   * One part of the user turn: text, or inline data (an image) with its MIME type.
   *
   * @param text the text, or {@code null} for inline data
   * @param mimeType the MIME type of the inline data, or {@code null} for text
   * @param data the inline bytes, or {@code null} for text
   */
  public record Part(String text, String mimeType, byte[] data) {

    /**
     * Validates and copies the bytes.
     *
     * @throws IllegalArgumentException unless exactly one of text and inline data is given
     */
    public Part {
      boolean isText = text != null;
      boolean isData = mimeType != null || data != null;
      if (isText == isData) {
        throw new IllegalArgumentException("a part is either text or inline data with a MIME type");
      }
      if (isData) {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(data, "data");
        if (mimeType.isBlank() || data.length == 0) {
          throw new IllegalArgumentException("inline data needs a MIME type and some bytes");
        }
        data = data.clone();
      }
    }

    /** A text part. */
    public static Part text(String text) {
      return new Part(Objects.requireNonNull(text, "text"), null, null);
    }

    /** An inline-data part, such as a JPEG image. */
    public static Part inlineData(String mimeType, byte[] data) {
      return new Part(null, mimeType, data);
    }

    /** Whether this is a text part. */
    public boolean isText() {
      return text != null;
    }

    /** A copy of the inline bytes, or {@code null} for a text part. */
    @Override
    public byte[] data() {
      return data == null ? null : data.clone();
    }

    /** Compares by content, bytes included. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Part p && Objects.equals(text, p.text)
          && Objects.equals(mimeType, p.mimeType) && Arrays.equals(data, p.data);
    }

    /** Hashes by content, bytes included. */
    @Override
    public int hashCode() {
      return Objects.hash(text, mimeType) * 31 + Arrays.hashCode(data);
    }

    /** Names the kind and size, never the content. */
    @Override
    public String toString() {
      return isText() ? "text(" + text.length() + " chars)"
          : mimeType + "(" + data.length + " bytes)";
    }
  }

  /** Builds a {@link GenerateRequest}. */
  public static final class Builder {
    private final String model;
    private String systemInstruction;
    private final List<Part> parts = new ArrayList<>();
    private String responseMimeType;
    private String responseSchema;
    private String responseJsonSchema;
    private OperationSettings settings = OperationSettings.NONE;

    private Builder(String model) {
      this.model = model;
    }

    /** Sets the system instruction. */
    public Builder systemInstruction(String text) {
      this.systemInstruction = Objects.requireNonNull(text, "systemInstruction");
      return this;
    }

    /** Adds a text part. */
    public Builder text(String text) {
      parts.add(Part.text(text));
      return this;
    }

    /** Adds an inline-data part, such as a face image. */
    public Builder inlineData(String mimeType, byte[] data) {
      parts.add(Part.inlineData(mimeType, data));
      return this;
    }

    /**
     * Asks for JSON output that follows {@code schemaJson}, an OpenAPI-subset schema object ({@code
     * responseSchema}); replaces any {@link #jsonSchemaResponse} schema.
     */
    public Builder jsonResponse(String schemaJson) {
      this.responseMimeType = "application/json";
      this.responseSchema = Objects.requireNonNull(schemaJson, "schemaJson");
      this.responseJsonSchema = null;
      return this;
    }

    /**
     * Asks for JSON output that follows {@code jsonSchema}, a JSON Schema object ({@code
     * responseJsonSchema}); replaces any {@link #jsonResponse} schema.
     */
    public Builder jsonSchemaResponse(String jsonSchema) {
      this.responseMimeType = "application/json";
      this.responseJsonSchema = Objects.requireNonNull(jsonSchema, "jsonSchema");
      this.responseSchema = null;
      return this;
    }

    /** Sets thinking, output limit and media resolution (default {@link OperationSettings#NONE}). */
    public Builder settings(OperationSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Builds the request. */
    public GenerateRequest build() {
      return new GenerateRequest(model, systemInstruction, parts, responseMimeType, responseSchema,
          responseJsonSchema, settings);
    }
  }
}
