"""Sample button data of the quiz screens and the action each needs (the authorization matrix
test). Members' buttons (`quiz:go:<id>`, `quiz:a:...`) need membership, not a role."""

from bot.club.permissions import Action

BUTTONS: dict[str, Action] = {
    "quiz:list": Action.QUIZZES,
    # Quiz 1 need not exist: the role is asked before anything else.
    "quiz:res:1": Action.QUIZZES,
    "quiz:done": Action.QUIZZES,
    "quiz:now": Action.QUIZZES,
    "quiz:aud:all": Action.QUIZZES,
    "quiz:pub:0000abcd": Action.QUIZZES,
    "quiz:drop:0000abcd": Action.QUIZZES,
    # Last: an allowed press starts a conversation (the quiz's title).
    "quiz:new": Action.QUIZZES,
}
