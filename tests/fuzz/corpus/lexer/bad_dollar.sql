DO $x$ never closed;
