package org.servicestar.web;

/**
 * An exception whose message tells a person, in Chinese, what to correct in what they sent: the
 * engine's REST doors answer it 400 with that message alone (EngineRestErrors), wherever the engine
 * wrapped it.
 */
public interface RefusedForPeople {
}
