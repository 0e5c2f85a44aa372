"""One screen per module: roadmap, lesson, progress, help."""
