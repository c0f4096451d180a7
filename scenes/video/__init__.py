"""The video build behind `python -m scenes.build` (and `./run.sh video`).

Small modules, one job each:

- system.py      checks for LaTeX, dvisvgm and manim before anything renders
- cache.py       the key of a rendered part and the store of finished parts
- render.py      renders parts in parallel manim subprocesses, logs kept aside
- progress.py    progress lines with elapsed and estimated remaining time
- timeline.py    parts and their sections laid end to end: the chapters
- stitch.py      remuxes the parts into one mp4 with chapter metadata (no re-encode)
- subtitles.py   merges the parts' .srt files, shifted to the full video
- chapters_list.py  the YouTube chapter list (00:00 Intro ...)
- thumbnail.py   a key frame of the decision boundary with the title
"""
