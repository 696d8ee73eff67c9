// Must NOT compile (pack.test.mjs checks that tsc refuses it): the types catch a misspelt event and a wrong payload.
import { connect } from '@parley/client';

const room = connect('http://localhost:8080/').join('lobby');
room.on('mesage', (m: unknown) => console.log(m));
room.on('message', (m) => console.log(m.body));
