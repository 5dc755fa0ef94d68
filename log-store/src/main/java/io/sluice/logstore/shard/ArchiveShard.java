package io.sluice.logstore.shard;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * One archive database: its client and a transaction operator over the same connection factory, so
 * that statements run through {@code db} inside {@link TransactionalOperator#transactional} share
 * one transaction.
 *
 * @param name the shard's name (as configured; {@code default} for the {@code sluice.mysql} database)
 * @param db the reactive client
 * @param tx transactions on that database
 */
public record ArchiveShard(String name, DatabaseClient db, TransactionalOperator tx) {
}
