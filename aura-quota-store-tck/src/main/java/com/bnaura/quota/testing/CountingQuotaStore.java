package com.bnaura.quota.testing;

import com.bnaura.quota.spi.ClinicSnapshot;
import com.bnaura.quota.spi.LoadRequest;
import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.spi.WriteSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that records what the engine asks of another: every {@link LoadRequest} it loads, in
 * order, and how many write-sets it applies.
 */
public class CountingQuotaStore extends ForwardingQuotaStore {
  private final List<LoadRequest> loads = new CopyOnWriteArrayList<>();
  private final AtomicInteger applies = new AtomicInteger();

  /** A store recording the calls it forwards to {@code delegate}. */
  public CountingQuotaStore(QuotaStore delegate) {
    super(delegate);
  }

  @Override
  public ClinicSnapshot load(LoadRequest request) {
    loads.add(request);
    return super.load(request);
  }

  @Override
  public void apply(WriteSet writes) {
    applies.incrementAndGet();
    super.apply(writes);
  }

  /** The requests loaded so far, in order. */
  public List<LoadRequest> loads() {
    return List.copyOf(loads);
  }

  /** The requests loaded since the first {@code skip}. */
  public List<LoadRequest> loadsSince(int skip) {
    List<LoadRequest> all = loads();
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  /** How many write-sets were applied (or tried) so far. */
  public int applies() {
    return applies.get();
  }
}
