// GitHub runs this file for both steps of the action; a saved state tells the post step from the main one.
import * as core from '@actions/core'
import { post, run } from './main.js'

const POST_STATE = 'isPost'

if (core.getState(POST_STATE) === 'true') {
  await post()
} else {
  core.saveState(POST_STATE, 'true')
  await run()
}
