"""Letters Loket writes itself: one per case event that calls for one, in NL and EN, as PDF."""
