import io

from config.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class TestProgress:
    def test_on_a_terminal_the_bar_redraws_in_place_and_ends_the_line(self):
        stream = Terminal()
        with Progress(10, "Jeunes", stream=stream) as progress:
            progress.update(4)
            progress.update(6)
        output = stream.getvalue()
        assert output.startswith("\rJeunes [")
        assert "100%" in output and "10/10" in output
        assert output.endswith("\n") and output.count("\n") == 1

    def test_in_a_log_one_line_per_tenth_for_a_long_run(self):
        stream = io.StringIO()
        with Progress(50_000, "Contacts", stream=stream) as progress:
            for _ in range(50):
                progress.update(1_000)
        lines = stream.getvalue().splitlines()
        assert len(lines) == 10
        assert lines[0].startswith("Contacts [###") and "10%" in lines[0]
        assert "50\u202f000/50\u202f000" in lines[-1]

    def test_a_quick_run_stays_silent_in_a_log(self):
        stream = io.StringIO()
        with Progress(1_000, "Jeunes", stream=stream) as progress:
            progress.update(1_000)
        assert stream.getvalue() == ""

    def test_never_past_the_total(self):
        progress = Progress(5, "Jeunes", stream=io.StringIO())
        progress.update(8)
        assert progress.done == 5
