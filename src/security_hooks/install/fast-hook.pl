#!@PERL@ -t
# security-hooks: perl hook command
#
# The hook command Claude Code runs, in its fastest form: `security-hook install` wrote
# it because perl was found. perl starts in about a millisecond and a half, where a
# shell and socat take about three and Python about six, and it needs nothing beyond
# its core: no module is loaded. It reads the payload, sends it to the daemon with the
# Python client's framing (security_hooks/protocol.py, `form=pl`) and prints the answer.
# Anything it does not expect (no daemon, another version, no answer in time, a garbled
# answer) hands the call to the Python client, with the payload, which starts the
# daemon, decides in process when it must, and fails closed.
#
# -t: PERL5OPT and PERL5LIB are not read, so nothing in the environment can load code
# into this script. The taint warnings it would print instead are silenced below.
my $client  = @CLIENT@;
my $python  = @PYTHON@;
my $version = @VERSION@;

$SIG{__WARN__} = sub { };
$SIG{PIPE}     = 'IGNORE';    # a daemon gone mid-write is an error to handle, not death
binmode STDIN;
binmode STDOUT;
binmode STDERR;

my %deadline = (pre => 3, session => 3, prompt => 10, post => 20, stop => 60);
my ($phase, $family) = @ARGV;
$family = 'any' if !defined $family || $family eq '';
hand_over(undef) if !defined $phase || !$deadline{$phase} || @ARGV > 2;
hand_over(undef) if $family !~ /\A[a-z0-9_-]+\z/;

my $payload = do { local $/; <STDIN> };
$payload = '' if !defined $payload;

my $run = $ENV{SECURITY_HOOKS_RUNTIME_DIR};
if (!defined $run || $run eq '') {
  if ($^O eq 'darwin') {
    $run = (defined $ENV{HOME} ? $ENV{HOME} : '') . '/Library/Application Support/security-hooks';
  } elsif (defined $ENV{XDG_RUNTIME_DIR} && $ENV{XDG_RUNTIME_DIR} ne '') {
    $run = "$ENV{XDG_RUNTIME_DIR}/security-hooks";
  } else {
    $run = "/tmp/security-hooks-$<";
  }
}
my $path = "$run/sock";
# A socket's name may not exceed 104 bytes (macOS; 108 on Linux), nor hold a NUL.
hand_over($payload) if length($path) > 103 || index($path, "\0") >= 0;
# AF_UNIX and SOCK_STREAM are 1 on both; BSD addresses open with their own length.
my $address = $^O eq 'darwin' ? pack('C C a104', 106, 1, $path) : pack('S a108', 1, $path);

my $head = "SH1\nv=$version\nphase=$phase\nfamily=$family\nform=pl\n";
for my $name (qw(HOME PWD CLAUDE_PROJECT_DIR CLAUDE_CODE_SESSION_ID CLAUDE_CODE_REMOTE TMPDIR)) {
  my $value = $ENV{$name};
  # As the Python client does: a value holding a newline would break the head.
  $head .= "env.$name=$value\n" if defined $value && index($value, "\n") < 0;
}

# The Python client's deadline, and a second more per 8 MB of payload, rounded up to
# whole seconds (alarm counts no less).
my $wait = $deadline{$phase};
my $chosen = $ENV{SECURITY_HOOKS_CLIENT_TIMEOUT};
$wait = $chosen if defined $chosen && $chosen =~ /\A(?:\d+(?:\.\d*)?|\.\d+)\z/ && $chosen > 0;
$wait += length($payload) / (8 << 20);
$wait = int($wait) + 1 if $wait != int($wait);

my $answer = eval {
  local $SIG{ALRM} = sub { die "no answer in time\n" };
  alarm $wait;
  socket(my $sock, 1, 1, 0) or die "socket: $!\n";
  connect($sock, $address) or die "connect: $!\n";
  binmode $sock;
  send_all($sock, "$head\n");
  send_all($sock, $payload);
  shutdown($sock, 1) or die "shutdown: $!\n";
  my $got = '';
  while (1) {
    my $read = sysread($sock, $got, 65536, length $got);
    die "read: $!\n" if !defined $read;
    last if $read == 0;
  }
  alarm 0;
  $got;
};
alarm 0;

# The daemon answers exit code 0 or 2. Any other would read as "go ahead" to Claude Code.
if (defined $answer && $answer =~ /\ASH1 ([02]) (\d{1,12})\n/) {
  my ($code, $length, $body) = ($1, $2, substr($answer, $+[0]));
  if ($length <= length $body) {
    print STDOUT substr($body, 0, $length);
    print STDERR substr($body, $length);
    close STDOUT;
    close STDERR;
    exit $code;
  }
}
hand_over($payload);

sub send_all {
  my ($sock, $data) = @_;
  my $sent = 0;
  while ($sent < length $data) {
    my $wrote = syswrite($sock, $data, 1 << 20, $sent);
    die "write: $!\n" if !defined $wrote;
    $sent += $wrote;
  }
}

# Hand the call to the Python client, with the payload when it was read (undef: stdin
# is untouched). If it cannot start, exiting with perl's own status would read as
# "allow" to Claude Code: decide here instead.
sub hand_over {
  my ($read) = @_;
  $SIG{PIPE} = 'DEFAULT';
  if (-x $client && -x $python) {
    if (defined $read) {
      # A child writes the payload into a pipe that becomes the client's stdin.
      pipe(my $out, my $in) or fail_closed("no pipe for the Python client: $!");
      my $pid = fork;
      fail_closed("no process to hand the call over: $!") if !defined $pid;
      if ($pid == 0) {
        close $out;
        binmode $in;
        print {$in} $read;
        close $in;
        exit 0;
      }
      close $in;
      open(STDIN, '<&', $out) or fail_closed("no stdin for the Python client: $!");
      close $out;
    }
    exec {$client} $client, @ARGV;
    fail_closed("the Python client ($client) cannot be run: $!");
  }
  fail_closed("the Python client ($client, run by $python) is missing");
}

sub fail_closed {
  my ($why) = @_;
  if (!defined $payload) {
    local $/;
    my $rest = <STDIN>;
  }
  $why = "security-hooks: $why";
  my $phase = defined $ARGV[0] ? $ARGV[0] : '';
  if ($phase eq 'pre') {
    print STDERR "$why; denied (fail closed). Run install.sh again.\n";
    exit 2;
  }
  if ($phase eq 'session') {
    $why =~ s/(["\\])/\\$1/g;
    $why =~ s/[\x00-\x1f]/ /g;
    print STDOUT "{\"systemMessage\":\"$why; every tool call is denied. Run install.sh again.\"}\n";
    exit 0;
  }
  exit 0 if $phase eq 'post' || $phase eq 'prompt' || $phase eq 'stop';
  print STDERR "$why. Run install.sh again.\n";
  exit 1;
}
