/**
 * The internals of the Gemini module: JSON mapping, token usage extraction, endpoints, the retry
 * policy, prompts and schema, input checks, the in-process rate limiter. Not an API: anything here
 * may change in any release.
 */
package com.bnaura.quota.gemini.internal;
