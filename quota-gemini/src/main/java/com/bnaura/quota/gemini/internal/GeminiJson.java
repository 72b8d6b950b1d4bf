package com.bnaura.quota.gemini.internal;

import com.bnaura.quota.gemini.GenerateRequest;
import com.bnaura.quota.gemini.OperationSettings;
import com.bnaura.quota.gemini.GenerateResponse.TokenUsage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/** Maps {@code generateContent} requests, answers and error bodies to and from JSON. */
public final class GeminiJson {

  /** The one mapper: strict about duplicate keys, otherwise Jackson's defaults. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private GeminiJson() {}

  /**
   * Parses {@code json} and checks that it is an object.
   *
   * @throws IllegalArgumentException naming {@code field} otherwise
   */
  public static ObjectNode requireObject(String field, String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JacksonException e) {
      throw new IllegalArgumentException(field + " must be a JSON object: " + where(e), e);
    }
    throw new IllegalArgumentException(field + " must be a JSON object");
  }

  /** The request body of {@code request}. */
  public static byte[] requestBody(GenerateRequest request) {
    ObjectNode body = MAPPER.createObjectNode();
    if (request.systemInstruction() != null) {
      body.putObject("systemInstruction").putArray("parts").addObject()
          .put("text", request.systemInstruction());
    }
    ObjectNode turn = body.putArray("contents").addObject();
    turn.put("role", "user");
    ArrayNode parts = turn.putArray("parts");
    for (GenerateRequest.Part part : request.parts()) {
      if (part.isText()) {
        parts.addObject().put("text", part.text());
      } else {
        parts.addObject().putObject("inlineData")
            .put("mimeType", part.mimeType())
            .put("data", Base64.getEncoder().encodeToString(part.data()));
      }
    }
    ObjectNode config = MAPPER.createObjectNode();
    if (request.responseMimeType() != null) {
      config.put("responseMimeType", request.responseMimeType());
      if (request.responseSchema() != null) {
        config.set("responseSchema", requireObject("responseSchema", request.responseSchema()));
      }
      if (request.responseJsonSchema() != null) {
        config.set("responseJsonSchema",
            requireObject("responseJsonSchema", request.responseJsonSchema()));
      }
    }
    OperationSettings settings = request.settings();
    if (settings.thinkingLevel() != null) {
      config.putObject("thinkingConfig").put("thinkingLevel", settings.thinkingLevel().name());
    } else if (settings.thinkingBudget() != null) {
      config.putObject("thinkingConfig").put("thinkingBudget", settings.thinkingBudget());
    }
    if (settings.maxOutputTokens() != null) {
      config.put("maxOutputTokens", settings.maxOutputTokens());
    }
    // the resolution only shapes how media is read; a text-only request leaves it out
    if (settings.mediaResolution() != null && request.hasInlineData()) {
      config.put("mediaResolution", settings.mediaResolution().apiValue());
    }
    if (!config.isEmpty()) {
      body.set("generationConfig", config);
    }
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write a generateContent body", e);
    }
  }

  /**
   * What a 200 answer says.
   *
   * @param text the text of the first candidate without thought parts, or {@code null} if none
   * @param modelVersion the answering model, if named
   * @param finishReason the first candidate's finish reason, or {@code UNSPECIFIED}
   * @param blockReason the prompt's block reason ({@code promptFeedback.blockReason}), if blocked
   * @param usage the token counts
   * @param responseId the response id, if any
   */
  public record Answer(String text, Optional<String> modelVersion, String finishReason,
      Optional<String> blockReason, TokenUsage usage, Optional<String> responseId) {}

  /**
   * Reads a 200 answer.
   *
   * @throws MalformedAnswerException if the body is not a {@code GenerateContentResponse}
   */
  public static Answer parseAnswer(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedAnswerException("the answer is not JSON (" + where(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedAnswerException("the answer is not a JSON object");
    }
    TokenUsage usage = UsageExtractor.from(root.get("usageMetadata"));
    Optional<String> modelVersion = text(root, "modelVersion");
    Optional<String> responseId = text(root, "responseId");
    Optional<String> blockReason = Optional.ofNullable(root.get("promptFeedback"))
        .flatMap(f -> text(f, "blockReason"));
    JsonNode candidates = root.get("candidates");
    if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
      return new Answer(null, modelVersion, "UNSPECIFIED", blockReason, usage, responseId);
    }
    JsonNode first = candidates.get(0);
    String finishReason = text(first, "finishReason").orElse("UNSPECIFIED");
    JsonNode parts = first.path("content").path("parts");
    StringBuilder text = null;
    if (parts.isArray()) {
      for (JsonNode part : parts) {
        JsonNode t = part.get("text");
        if (t != null && t.isString() && !part.path("thought").asBoolean(false)) {
          text = text == null ? new StringBuilder() : text;
          text.append(t.asString());
        }
      }
    }
    return new Answer(text == null ? null : text.toString(), modelVersion, finishReason,
        blockReason, usage, responseId);
  }

  /**
   * What an error body says ({@code google.rpc.Status} inside {@code error}).
   *
   * @param status the canonical status, such as {@code RESOURCE_EXHAUSTED}, if given
   * @param message the error message, if given
   * @param retryDelay the {@code google.rpc.RetryInfo} delay, if given
   * @param perDayQuota whether a {@code google.rpc.QuotaFailure} names a per-day quota
   */
  public record ApiError(Optional<String> status, Optional<String> message,
      Optional<Duration> retryDelay, boolean perDayQuota) {

    /** An error body that said nothing usable. */
    public static final ApiError EMPTY =
        new ApiError(Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  /** Reads an error body; anything unreadable gives {@link ApiError#EMPTY}. */
  public static ApiError parseError(String body) {
    JsonNode error;
    try {
      error = body == null || body.isBlank() ? null : MAPPER.readTree(body).get("error");
    } catch (JacksonException e) {
      return ApiError.EMPTY;
    }
    if (error == null || !error.isObject()) {
      return ApiError.EMPTY;
    }
    Optional<Duration> retryDelay = Optional.empty();
    boolean perDay = false;
    JsonNode details = error.get("details");
    if (details != null && details.isArray()) {
      for (JsonNode detail : details) {
        String type = detail.path("@type").asString("");
        if (type.endsWith("google.rpc.RetryInfo")) {
          retryDelay = text(detail, "retryDelay").flatMap(RetryPolicy::parseProtoDuration);
        } else if (type.endsWith("google.rpc.QuotaFailure")) {
          for (JsonNode violation : detail.path("violations")) {
            perDay |= isPerDay(violation.path("quotaId").asString(""))
                || isPerDay(violation.path("quotaMetric").asString(""));
          }
        }
      }
    }
    return new ApiError(text(error, "status"), text(error, "message"), retryDelay, perDay);
  }

  /**
   * Where a parse failed, as {@code line L, column C}: never the parser's message, which quotes
   * the text it read (an answer may carry health data).
   */
  public static String where(JacksonException e) {
    return e.getLocation() == null ? "unreadable"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static boolean isPerDay(String quota) {
    String q = quota.toLowerCase(Locale.ROOT);
    return q.contains("perday") || q.contains("per_day") || q.contains("per-day");
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() && !value.asString().isBlank()
        ? Optional.of(value.asString()) : Optional.empty();
  }
}
