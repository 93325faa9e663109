"""Co-participation and engagement: what the meetings held say about who meets whom and who drifts away
(issue 18, items 1 and 2). Read models of the service's own meetings and attendance; no other service is
called."""
